-- The baseline's own tables: a fresh copy of the service's schema (columns, defaults, CHECKs,
-- identity, primary key, unique constraint, indexes, and the foreign key every insert checks) in a
-- schema of its own, with one coupon. psql -v schema=... -v coupon=... -v stock=...
CREATE SCHEMA :"schema";
CREATE TABLE :"schema".coupons (LIKE public.coupons INCLUDING ALL);
CREATE TABLE :"schema".claims (LIKE public.claims INCLUDING ALL);
ALTER TABLE :"schema".claims ADD CONSTRAINT claims_coupon_fk
    FOREIGN KEY (coupon_name) REFERENCES :"schema".coupons (name);
INSERT INTO :"schema".coupons (name, amount, remaining_amount) VALUES (:'coupon', :stock, :stock);
ANALYZE :"schema".coupons;
ANALYZE :"schema".claims;
