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

    private static final Duration RETRY_AFTER_CONTENTION = Duration.ofSeconds(1);

    private final SingleClaimRepository claims;
    private final RetryPolicy retryPolicy;
    private final RandomGenerator random;
    private final LongAdder retries = new LongAdder();

    public SingleClaimService(SingleClaimRepository claims, RetryPolicy retryPolicy) {
        this(claims, retryPolicy, RandomGenerator.getDefault());
    }

    SingleClaimService(SingleClaimRepository claims, RetryPolicy retryPolicy, RandomGenerator random) {
        this.claims = claims;
        this.retryPolicy = retryPolicy;
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
                throw new ServiceBusyException("claim on coupon '" + command.couponName().value()
                        + "' lost " + attempt + " races in a row", RETRY_AFTER_CONTENTION);
            }
            retries.increment();
            Pause.sleep(retryPolicy.delayAfter(attempt, random), RETRY_AFTER_CONTENTION);
        }
    }

    @Override
    public long conflictRetries() {
        return retries.sum();
    }
}
