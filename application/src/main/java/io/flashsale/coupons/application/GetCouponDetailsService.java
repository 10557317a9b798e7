package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.CouponNotFoundException;
import io.flashsale.coupons.domain.port.in.CouponDetailsView;
import io.flashsale.coupons.domain.port.in.GetCouponDetailsUseCase;
import io.flashsale.coupons.domain.port.out.CouponRepository;

/** Shows a coupon and its claimants from one snapshot of storage. */
public final class GetCouponDetailsService implements GetCouponDetailsUseCase {

    private final CouponRepository coupons;

    public GetCouponDetailsService(CouponRepository coupons) {
        this.coupons = coupons;
    }

    @Override
    public void showCouponDetails(CouponName name, CouponDetailsView view) {
        if (!coupons.readDetails(name, view)) {
            throw new CouponNotFoundException(name.value());
        }
    }
}
