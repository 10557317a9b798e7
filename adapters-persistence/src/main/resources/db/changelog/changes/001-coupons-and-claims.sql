--liquibase formatted sql

--changeset flashsale:001-coupons
CREATE TABLE coupons (
    name             varchar(100) NOT NULL,
    amount           integer      NOT NULL,
    remaining_amount integer      NOT NULL,
    version          bigint       NOT NULL DEFAULT 0,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT coupons_pk PRIMARY KEY (name),
    CONSTRAINT coupons_amount_positive CHECK (amount > 0),
    -- The last line of defence against overselling.
    CONSTRAINT coupons_remaining_within_amount CHECK (remaining_amount BETWEEN 0 AND amount)
);
--rollback DROP TABLE coupons;

--changeset flashsale:001-claims
CREATE TABLE claims (
    id          bigint       GENERATED ALWAYS AS IDENTITY,
    coupon_name varchar(100) NOT NULL,
    user_id     varchar(100) NOT NULL,
    claimed_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT claims_pk PRIMARY KEY (id),
    CONSTRAINT claims_coupon_fk FOREIGN KEY (coupon_name) REFERENCES coupons (name),
    -- The last line of defence against giving one user the same coupon twice.
    CONSTRAINT claims_one_per_user_and_coupon UNIQUE (coupon_name, user_id)
);
-- claimed_by is read per coupon in claim (id) order.
CREATE INDEX claims_by_coupon_in_claim_order ON claims (coupon_name, id);
--rollback DROP TABLE claims;
