package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.ClaimCouponUseCase;
import io.flashsale.coupons.domain.port.out.ClaimRepository;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Claims coupons. Every claim goes through its coupon's lane, which decides concurrent claims
 * together in one optimistic transaction (see {@link ClaimLanes} and {@link ClaimBatchProcessor}).
 * A coupon known to be sold out needs no transaction: its claims are answered by one read of who
 * holds it, coalesced in lanes of their own so that a stampede after the sell-out costs one query
 * per batch rather than one connection per request, and never waits behind a write.
 */
public final class ClaimCouponService implements ClaimCouponUseCase {

    private final ClaimRepository claims;
    private final SoldOutCoupons soldOut = new SoldOutCoupons();
    private final ClaimBatchProcessor processor;
    private final ClaimLanes lanes;
    private final ClaimLanes soldOutLanes;

    public ClaimCouponService(CouponRepository coupons, ClaimRepository claims, ClaimLaneSettings laneSettings,
                              RetryPolicy retryPolicy, Executor drainers) {
        this.claims = claims;
        this.processor = new ClaimBatchProcessor(coupons, claims, soldOut, retryPolicy, RandomGenerator.getDefault());
        this.lanes = new ClaimLanes(laneSettings, processor::decide, drainers);
        this.soldOutLanes = new ClaimLanes(laneSettings, this::answerSoldOut, drainers);
    }

    @Override
    public ClaimOutcome claimCoupon(ClaimCouponCommand command) {
        ClaimLanes lane = soldOut.contains(command.couponName()) ? soldOutLanes : lanes;
        return lane.claim(command.couponName(), command.userId());
    }

    /** How many times a batch was decided again after losing an optimistic race. */
    public long conflictRetries() {
        return processor.retries();
    }

    private List<ClaimOutcome> answerSoldOut(CouponName couponName, List<UserId> requesters) {
        Set<UserId> holders = claims.findHolders(couponName, new LinkedHashSet<>(requesters));
        return requesters.stream()
                .map(user -> holders.contains(user) ? ClaimOutcome.ALREADY_CLAIMED : ClaimOutcome.SOLD_OUT)
                .toList();
    }
}
