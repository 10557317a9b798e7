package io.flashsale.coupons.domain.port.in;

import io.flashsale.coupons.domain.model.CouponName;

/** Incoming port: show a coupon, its stock and who claimed it. */
public interface GetCouponDetailsUseCase {

    /**
     * @throws io.flashsale.coupons.domain.model.CouponNotFoundException before anything reaches the view
     */
    void showCouponDetails(CouponName name, CouponDetailsView view);
}
