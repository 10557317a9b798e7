package io.flashsale.coupons.domain.port.in;

import io.flashsale.coupons.domain.model.Coupon;

/** Incoming port: create a coupon. */
public interface CreateCouponUseCase {

    /**
     * @return the new coupon
     * @throws io.flashsale.coupons.domain.model.CouponAlreadyExistsException when the name is taken
     */
    Coupon createCoupon(CreateCouponCommand command);
}
