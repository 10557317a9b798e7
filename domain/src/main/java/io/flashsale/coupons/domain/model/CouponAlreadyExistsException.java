package io.flashsale.coupons.domain.model;

/** A coupon with that name exists already; names are unique. */
public final class CouponAlreadyExistsException extends RuntimeException {

    private final CouponName name;

    public CouponAlreadyExistsException(CouponName name) {
        super("a coupon named '" + name.value() + "' exists already");
        this.name = name;
    }

    /** The name that is taken. */
    public CouponName name() {
        return name;
    }
}
