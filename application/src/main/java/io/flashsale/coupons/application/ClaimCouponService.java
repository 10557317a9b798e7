package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
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
 * A coupon known to be sold out needs no transaction: its holders are final, so they are read once
 * and its claims answered from memory. A coupon with too many holders to keep is answered by a read
 * of who among the requesters holds it, coalesced in lanes of their own so that a stampede after
 * the sell-out costs one query per batch rather than one connection per request, and never waits
 * behind a write.
 */
public final class ClaimCouponService implements ClaimStrategy {

    private final ClaimRepository claims;
    private final SoldOutCoupons soldOut;
    private final ClaimBatchProcessor processor;
    private final ClaimLanes lanes;
    private final ClaimLanes soldOutLanes;

    /**
     * @param laneSettings              bounds of each coupon's lane, and the Retry-After of a refused claim
     * @param retryPolicy               how often, and after what pauses, a batch that lost a race is decided again
     * @param maxSoldOutHoldersInMemory holders of sold-out coupons kept in memory, over all coupons
     * @param drainers                  runs each busy lane's drainer (one task per busy lane)
     */
    public ClaimCouponService(
            CouponRepository coupons,
            ClaimRepository claims,
            ClaimLaneSettings laneSettings,
            RetryPolicy retryPolicy,
            int maxSoldOutHoldersInMemory,
            Executor drainers) {
        this.claims = claims;
        this.soldOut = new SoldOutCoupons(maxSoldOutHoldersInMemory);
        this.processor = new ClaimBatchProcessor(
                coupons, claims, soldOut, retryPolicy, laneSettings.retryAfter(), RandomGenerator.getDefault());
        this.lanes = new ClaimLanes(laneSettings, processor, drainers);
        this.soldOutLanes = new ClaimLanes(laneSettings, this::answerSoldOutBatch, drainers);
    }

    @Override
    public ClaimOutcome claimCoupon(ClaimCouponCommand command) {
        CouponName couponName = command.couponName();
        if (!soldOut.contains(couponName)) {
            return lanes.claim(couponName, command.userId());
        }
        return soldOut.holdersInMemory(couponName)
                .map(holders -> soldOutOutcome(command.userId(), holders))
                .orElseGet(() -> soldOutLanes.claim(couponName, command.userId()));
    }

    /** How many times a batch was decided again after losing an optimistic race. */
    @Override
    public long conflictRetries() {
        return processor.retries();
    }

    /** The sold-out lanes' {@link BatchDecider}: holders read once if they fit in memory, else looked up. */
    private List<ClaimOutcome> answerSoldOutBatch(CouponName couponName, List<UserId> requesters) {
        Set<UserId> holders = soldOut.finalHolders(couponName, () -> claims.findAllHolders(couponName))
                .orElseGet(() -> claims.findHolders(couponName, new LinkedHashSet<>(requesters)));
        return requesters.stream().map(user -> soldOutOutcome(user, holders)).toList();
    }

    private static ClaimOutcome soldOutOutcome(UserId user, Set<UserId> holders) {
        return holders.contains(user) ? ClaimOutcome.ALREADY_CLAIMED : ClaimOutcome.SOLD_OUT;
    }
}
