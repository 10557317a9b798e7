-- One coupon's state as one line: amount|remaining_amount|version|claims  (psql -v name=...)
SELECT c.amount, c.remaining_amount, c.version, (SELECT count(*) FROM claims k WHERE k.coupon_name = c.name)
FROM coupons c WHERE c.name = :'name';
