package io.flashsale.coupons.domain.model;

/**
 * Receives the details of one coupon from one consistent snapshot: the coupon first, then, if the
 * view asks for them, each claimant in claim order, oldest first. Claimants are pushed, not
 * collected, so a coupon with a million claims never has to fit in memory. Both ports speak it:
 * storage pushes into it as it reads ({@code CouponRepository.readDetails}), the use case hands it
 * on to the caller's view ({@code GetCouponDetailsUseCase.showCouponDetails}).
 */
public interface CouponDetailsView {

    /**
     * The coupon as of the snapshot; called once, before any claimant.
     *
     * @return true to receive its claimants; false when the coupon alone answers (the caller holds
     *         this state already, say), so that nobody reads them
     */
    boolean coupon(Coupon coupon);

    /** The next claimant in claim order; called {@code amount - remainingAmount} times in all. */
    void claimant(UserId userId);
}
