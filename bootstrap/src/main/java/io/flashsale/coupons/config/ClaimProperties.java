package io.flashsale.coupons.config;

import io.flashsale.coupons.application.ClaimLaneSettings;
import io.flashsale.coupons.application.RetryPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the claim path ({@code coupons.claims.*}). The one source of every default: the
 * application's settings records take no defaults of their own, and README's table mirrors these
 * (checked by {@code ClaimPropertiesTest}).
 *
 * @param strategy       how claims reach the database: the coalesced claim path, or one of the
 *                       one-transaction-per-claim designs it is measured against
 * @param maxBatchSize   claims on one coupon decided together in one transaction
 * @param maxQueueLength claims waiting per coupon before new ones are answered 503
 * @param deadline       longest a caller waits for its answer before it gets 503
 * @param retryAfter     the Retry-After of a claim refused with 503 (whole seconds, at least 1)
 * @param soldOutHoldersInMemory holders of sold-out coupons kept in memory over all coupons (about
 *                       100 bytes of heap each); claims on a sold-out coupon beyond it are looked up
 * @param retry          how often a batch that lost an optimistic race is decided again
 */
@ConfigurationProperties("coupons.claims")
public record ClaimProperties(
        @DefaultValue("coalesced") Strategy strategy,
        @DefaultValue("100") int maxBatchSize,
        @DefaultValue("10000") int maxQueueLength,
        @DefaultValue("10s") Duration deadline,
        @DefaultValue("1s") Duration retryAfter,
        @DefaultValue("50000") int soldOutHoldersInMemory,
        @DefaultValue Retry retry) {

    /** The designs selectable by {@code coupons.claims.strategy}; README compares them. */
    public enum Strategy {
        /** Per-coupon lanes, one optimistic version-checked transaction per batch (the default). */
        COALESCED,
        /** One transaction per claim that locks the coupon's row with {@code SELECT ... FOR UPDATE}. */
        PESSIMISTIC,
        /** One transaction per claim: a conditional decrement, then the insert. */
        CONDITIONAL,
        /** One SERIALIZABLE transaction per claim: read, decide, write; losers retried. */
        SERIALIZABLE
    }

    /**
     * @param maxAttempts attempts per batch, the first included
     * @param baseDelay   backoff ceiling after the first lost race; it doubles per loss
     * @param maxDelay    highest backoff ceiling; the pause is drawn uniformly below the ceiling
     */
    public record Retry(
            @DefaultValue("10") int maxAttempts,
            @DefaultValue("2ms") Duration baseDelay,
            @DefaultValue("100ms") Duration maxDelay) {}

    ClaimLaneSettings laneSettings() {
        return new ClaimLaneSettings(maxBatchSize, maxQueueLength, deadline, retryAfter);
    }

    RetryPolicy retryPolicy() {
        return new RetryPolicy(retry.maxAttempts(), retry.baseDelay(), retry.maxDelay());
    }
}
