package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.ClaimCouponUseCase;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import io.flashsale.coupons.domain.port.out.ClaimRepository;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Claims coupons. A coupon known to be sold out is answered with one read; every other claim
 * goes through its coupon's lane, which decides concurrent claims together in one optimistic
 * transaction (see {@link ClaimLanes} and {@link ClaimBatchProcessor}).
 */
public final class ClaimCouponService implements ClaimCouponUseCase {

    private static final Duration RETRY_AFTER_OUTAGE = Duration.ofSeconds(1);

    private final ClaimRepository claims;
    private final SoldOutCoupons soldOut = new SoldOutCoupons();
    private final ClaimBatchProcessor processor;
    private final ClaimLanes lanes;

    public ClaimCouponService(CouponRepository coupons, ClaimRepository claims, ClaimLaneSettings laneSettings,
                              RetryPolicy retryPolicy, Executor handOverExecutor) {
        this.claims = claims;
        this.processor = new ClaimBatchProcessor(coupons, claims, soldOut, retryPolicy, RandomGenerator.getDefault());
        this.lanes = new ClaimLanes(laneSettings, processor::decide, handOverExecutor);
    }

    @Override
    public ClaimOutcome claimCoupon(ClaimCouponCommand command) {
        if (soldOut.contains(command.couponName())) {
            return answerSoldOut(command.couponName(), command.userId());
        }
        return lanes.claim(command.couponName(), command.userId());
    }

    /** How many times a batch was decided again after losing an optimistic race. */
    public long conflictRetries() {
        return processor.retries();
    }

    private ClaimOutcome answerSoldOut(CouponName couponName, UserId userId) {
        try {
            return claims.findHolders(couponName, List.of(userId)).isEmpty()
                    ? ClaimOutcome.SOLD_OUT
                    : ClaimOutcome.ALREADY_CLAIMED;
        } catch (StorageUnavailableException e) {
            throw new ServiceBusyException("storage is unavailable", RETRY_AFTER_OUTAGE, e);
        }
    }
}
