package io.flashsale.coupons.application;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often a batch is decided again after losing an optimistic race, and how long to wait in
 * between: exponential backoff with full jitter, so that racing instances spread out instead of
 * colliding again in step.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay, were " + baseDelay + ", " + maxDelay);
        }
    }

    /** The pause before attempt {@code attempt + 1}, after {@code attempt} attempts failed (1-based). */
    public Duration delayAfter(int attempt, RandomGenerator random) {
        long ceiling = Math.min(maxDelay.toNanos(), baseDelay.toNanos() << Math.min(attempt - 1, 30));
        return Duration.ofNanos(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
    }
}
