package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.port.in.ClaimCouponUseCase;

/** A way to claim coupons that may lose races to concurrent writers and then decides again. */
public interface ClaimStrategy extends ClaimCouponUseCase {

    /** How many times a claim or batch was decided again after losing a race, since start. */
    long conflictRetries();
}
