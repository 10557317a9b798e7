package io.flashsale.coupons.domain.port.in;

import io.flashsale.coupons.domain.model.ClaimOutcome;

/** Incoming port: claim a coupon for a user. */
public interface ClaimCouponUseCase {

    /**
     * Checks eligibility, records the claim and deducts the stock as one atomic unit.
     *
     * @throws ServiceBusyException when the claim could not be decided in time; it may be retried
     * @throws io.flashsale.coupons.domain.port.out.StorageUnavailableException when storage is
     *         unreachable; it may be retried. The default implementation answers this, too, as
     *         {@link ServiceBusyException}; the single-transaction ones let it through
     */
    ClaimOutcome claimCoupon(ClaimCouponCommand command);
}
