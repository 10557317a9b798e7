package io.flashsale.coupons.archfixtures.domain.port.out;

/** Wrong: an outgoing port not named Repository. */
public interface CouponStore {

    void save(String coupon);
}
