package io.flashsale.coupons.domain.port.in;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.UserId;

/**
 * Receives the details of one coupon from one consistent snapshot: the coupon first, then each
 * claimant in claim order, oldest first. Claimants are pushed, not collected, so a coupon with a
 * million claims never has to fit in memory.
 */
public interface CouponDetailsView {

    void coupon(Coupon coupon);

    void claimant(UserId userId);
}
