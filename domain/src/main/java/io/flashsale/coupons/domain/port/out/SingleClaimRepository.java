package io.flashsale.coupons.domain.port.out;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import java.util.Optional;

/**
 * Outgoing port: decides and records one claim in a transaction of its own, the design most coupon
 * services use. Kept beside the coalesced claim path to be measured against it
 * ({@code coupons.claims.strategy}); each implementation says which isolation level it needs and why.
 */
public interface SingleClaimRepository {

    /**
     * Decides the claim of one unit of {@code couponName} for {@code userId} in the contract's order
     * (coupon exists, user holds none yet, stock left) and records it, as one atomic unit.
     *
     * @return the outcome; empty when the transaction lost a race that its isolation level leaves to
     *         the caller (PostgreSQL SQLSTATE 40001 serialization_failure, 40P01 deadlock_detected, or a
     *         concurrent identical claim caught by the unique constraint): nothing was recorded, and
     *         the claim may be tried again
     * @throws StorageUnavailableException when the database cannot be reached or does not answer in time
     */
    Optional<ClaimOutcome> claim(CouponName couponName, UserId userId);
}
