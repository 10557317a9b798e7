package io.flashsale.coupons.application;

import java.time.Duration;

/**
 * Bounds of a per-coupon claim lane: at most {@code maxBatchSize} claims decided in one
 * transaction, at most {@code maxQueueLength} claims waiting, and no caller waiting longer than
 * {@code deadline} for its answer. A claim refused for either bound, or for losing too many races,
 * is told to come back after {@code retryAfter}. The defaults live in bootstrap's configuration
 * properties ({@code coupons.claims.*}), nowhere else.
 */
public record ClaimLaneSettings(int maxBatchSize, int maxQueueLength, Duration deadline, Duration retryAfter) {

    public ClaimLaneSettings {
        if (maxBatchSize < 1 || maxQueueLength < 1) {
            throw new IllegalArgumentException(
                    "maxBatchSize and maxQueueLength must be positive, were " + maxBatchSize + ", " + maxQueueLength);
        }
        if (deadline.isNegative() || deadline.isZero() || retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException(
                    "deadline and retryAfter must be positive, were " + deadline + ", " + retryAfter);
        }
    }
}
