package io.flashsale.coupons.domain.model;

/** The unique, case-sensitive name of a coupon, stored exactly as sent. */
public record CouponName(String value) {

    public CouponName {
        Identifier.requireValid("coupon name", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
