package io.flashsale.coupons.domain.model;

/** The unique, case-sensitive name of a coupon, stored exactly as sent. */
public record CouponName(String value) {

    public CouponName {
        Identifier.requireValid("name", value);
    }

    /** For inputs whose field is called something else, such as {@code coupon_name} of a claim. */
    public static CouponName of(String field, String value) {
        return new CouponName(Identifier.requireValid(field, value));
    }

    @Override
    public String toString() {
        return value;
    }
}
