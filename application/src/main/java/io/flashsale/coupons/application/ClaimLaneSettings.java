package io.flashsale.coupons.application;

import java.time.Duration;

/**
 * Bounds of a per-coupon claim lane: at most {@code maxBatchSize} claims decided in one
 * transaction, at most {@code maxQueueLength} claims waiting, and no caller waiting longer than
 * {@code deadline} for its answer.
 */
public record ClaimLaneSettings(int maxBatchSize, int maxQueueLength, Duration deadline) {

    public static final ClaimLaneSettings DEFAULT = new ClaimLaneSettings(100, 10_000, Duration.ofSeconds(10));

    public ClaimLaneSettings {
        if (maxBatchSize < 1 || maxQueueLength < 1) {
            throw new IllegalArgumentException(
                    "maxBatchSize and maxQueueLength must be positive, were " + maxBatchSize + ", " + maxQueueLength);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, was " + deadline);
        }
    }
}
