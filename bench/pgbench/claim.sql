-- The baseline: one transaction per claim, the row lock taken up front, as a naive service would
-- do it. Run with -M prepared -D coupon=<name> -D round=<n> -D seq=0; :seq is per client and
-- counts up, so every transaction claims for a user never seen before (pgb-<round>-<client>-<seq>)
-- and the unique constraint always holds.
\set seq :seq + 1
BEGIN;
SELECT remaining_amount FROM coupons WHERE name = :coupon FOR UPDATE;
INSERT INTO claims (coupon_name, user_id) VALUES (:coupon, 'pgb-' || :round::text || '-' || :client_id::text || '-' || :seq::text);
UPDATE coupons SET remaining_amount = remaining_amount - 1, version = version + 1 WHERE name = :coupon;
COMMIT;
