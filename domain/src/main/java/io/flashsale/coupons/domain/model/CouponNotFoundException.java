package io.flashsale.coupons.domain.model;

/** No coupon has the name asked for. */
public final class CouponNotFoundException extends RuntimeException {

    public CouponNotFoundException(String name) {
        super("no coupon is named '" + name + "'");
    }
}
