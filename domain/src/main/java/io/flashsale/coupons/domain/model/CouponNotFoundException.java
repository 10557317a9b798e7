package io.flashsale.coupons.domain.model;

/** No coupon has the name asked for. */
public final class CouponNotFoundException extends RuntimeException {

    private final String name;

    /** @param name the name asked for, as given; it need not be a valid {@link CouponName} */
    public CouponNotFoundException(String name) {
        super("no coupon is named '" + name + "'");
        this.name = name;
    }

    /** The name asked for, as given. */
    public String name() {
        return name;
    }
}
