package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import io.flashsale.coupons.domain.port.out.SingleClaimRepository;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * Claims coupons one transaction per request, as most services do: the rival designs that the
 * coalesced claim path is measured against ({@code pessimistic}, {@code conditional},
 * {@code serializable}). A transaction that lost a race its isolation level leaves to the caller is
 * tried again with the same bounded, jittered backoff as a lost batch.
 */
public final class SingleClaimService implements ClaimStrategy {

    private final SingleClaimRepository claims;
    private final RetryPolicy retryPolicy;
    private final Duration retryAfter;
    private final RandomGenerator random;
    private final LongAdder retries = new LongAdder();

    /**
     * @param retryPolicy how often, and after what pauses, a claim that lost a race is tried again
     * @param retryAfter  what a claim that lost every attempt is told to wait before it comes back
     */
    public SingleClaimService(SingleClaimRepository claims, RetryPolicy retryPolicy, Duration retryAfter) {
        this(claims, retryPolicy, retryAfter, RandomGenerator.getDefault());
    }

    SingleClaimService(
            SingleClaimRepository claims, RetryPolicy retryPolicy, Duration retryAfter, RandomGenerator random) {
        this.claims = claims;
        this.retryPolicy = retryPolicy;
        this.retryAfter = retryAfter;
        this.random = random;
    }

    @Override
    public ClaimOutcome claimCoupon(ClaimCouponCommand command) {
        for (int attempt = 1; ; attempt++) {
            Optional<ClaimOutcome> outcome = claims.claim(command.couponName(), command.userId());
            if (outcome.isPresent()) {
                return outcome.get();
            }
            if (attempt >= retryPolicy.maxAttempts()) {
                throw new ServiceBusyException(
                        "claim on coupon '" + command.couponName().value() + "' lost " + attempt + " races in a row",
                        retryAfter);
            }
            retries.increment();
            Pause.sleep(retryPolicy.delayAfter(attempt, random), retryAfter);
        }
    }

    @Override
    public long conflictRetries() {
        return retries.sum();
    }
}
