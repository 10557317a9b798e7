-- The invariant of design.md over the whole database, as one line:
-- stock_violations|duplicate_claims|coupons|claims
-- stock_violations: coupons with amount <> remaining_amount + count(claims) or remaining_amount < 0.
WITH per_coupon AS (
    SELECT c.name, c.amount, c.remaining_amount, count(k.id) AS claims
    FROM coupons c LEFT JOIN claims k ON k.coupon_name = c.name
    GROUP BY c.name, c.amount, c.remaining_amount
), duplicates AS (
    SELECT coupon_name, user_id FROM claims GROUP BY coupon_name, user_id HAVING count(*) > 1
)
SELECT (SELECT count(*) FROM per_coupon WHERE amount <> remaining_amount + claims OR remaining_amount < 0),
       (SELECT count(*) FROM duplicates),
       (SELECT count(*) FROM per_coupon),
       (SELECT coalesce(sum(claims), 0) FROM per_coupon);
