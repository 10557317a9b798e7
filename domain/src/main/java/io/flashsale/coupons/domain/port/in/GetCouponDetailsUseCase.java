package io.flashsale.coupons.domain.port.in;

import io.flashsale.coupons.domain.model.CouponDetailsView;
import io.flashsale.coupons.domain.model.CouponName;

/** Incoming port: show a coupon, its stock and who claimed it. */
public interface GetCouponDetailsUseCase {

    /**
     * Pushes the coupon and, unless the view declines them, its claimants to {@code view}, all from
     * one consistent snapshot (see {@link CouponDetailsView}). Returns when the last claimant has
     * been pushed: a view that writes somewhere may only treat the details as complete then.
     *
     * @throws io.flashsale.coupons.domain.model.CouponNotFoundException before anything reaches the view
     * @throws io.flashsale.coupons.domain.port.out.StorageUnavailableException when storage is
     *         unreachable or too busy to read now, possibly after the view received part of the details
     */
    void showCouponDetails(CouponName name, CouponDetailsView view);
}
