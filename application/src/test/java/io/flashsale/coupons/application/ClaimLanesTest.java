package io.flashsale.coupons.application;

import static io.flashsale.coupons.domain.model.ClaimOutcome.GRANTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The lanes' own promise, with a stub decider: one coupon's batches are decided one at a time. */
class ClaimLanesTest {

    private static final ClaimLaneSettings LANES =
            new ClaimLaneSettings(100, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(1));

    @Test
    void givenCallersClaimingOneCouponBackToBack_lanesRetiringAndStarting_neverDecideTwoBatchesOfItAtOnce() {
        CouponName coupon = new CouponName("HOT");
        ConcurrencyRecordingDecider decider = new ConcurrencyRecordingDecider();
        // The caller that starts a drainer drains in its own thread, as when the executor refuses
        // the task: the new drainer polls the queue at once, as fast as a drainer can.
        ClaimLanes lanes = new ClaimLanes(LANES, decider, Runnable::run);
        int callers = 16;
        int claimsEach = 3_000;

        // Each caller claims again as soon as it has its answer, so claims keep arriving just as a
        // drainer finds its queue empty and retires the lane: where two drainers of one coupon could meet.
        List<Object> granted = Race.run(callers, caller -> {
            for (int i = 0; i < claimsEach; i++) {
                ClaimOutcome outcome = lanes.claim(coupon, new UserId("u" + caller + "-" + i));
                if (outcome != GRANTED) {
                    return outcome;
                }
            }
            return claimsEach;
        });

        assertThat(granted).containsOnly(claimsEach);
        assertThat(decider.maxConcurrent(coupon))
                .as("batches of one coupon decided at once")
                .isEqualTo(1);
        assertThat(decider.decided.sum()).isEqualTo((long) callers * claimsEach);
    }

    /** Grants everyone, after a short pause, and records how many batches of each coupon it decided at once. */
    private static final class ConcurrencyRecordingDecider implements BatchDecider {

        private final Map<CouponName, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        private final Map<CouponName, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
        private final LongAdder decided = new LongAdder();

        @Override
        public List<ClaimOutcome> decide(CouponName couponName, List<UserId> requesters) {
            AtomicInteger now = inFlight.computeIfAbsent(couponName, n -> new AtomicInteger());
            int concurrent = now.incrementAndGet();
            maxInFlight.computeIfAbsent(couponName, n -> new AtomicInteger()).accumulateAndGet(concurrent, Math::max);
            try {
                LockSupport.parkNanos(20_000);
                decided.add(requesters.size());
                return Collections.nCopies(requesters.size(), GRANTED);
            } finally {
                now.decrementAndGet();
            }
        }

        int maxConcurrent(CouponName couponName) {
            return maxInFlight.get(couponName).get();
        }
    }
}
