package io.flashsale.coupons.config;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.ClaimCouponUseCase;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts claim outcomes and times claims around the real use case, so the core stays free of
 * metrics libraries. Metrics: {@code coupons.claims{outcome}} and {@code coupons.claim.latency}.
 */
final class MeteredClaimCoupon implements ClaimCouponUseCase {

    private final ClaimCouponUseCase delegate;
    private final Map<ClaimOutcome, Counter> outcomes = new EnumMap<>(ClaimOutcome.class);
    private final Counter rejected;
    private final Timer latency;

    MeteredClaimCoupon(ClaimCouponUseCase delegate, MeterRegistry registry) {
        this.delegate = delegate;
        for (ClaimOutcome outcome : ClaimOutcome.values()) {
            outcomes.put(outcome, counter(registry, outcome.name().toLowerCase(Locale.ROOT)));
        }
        this.rejected = counter(registry, "rejected");
        this.latency = Timer.builder("coupons.claim.latency")
                .description("Time to decide a claim, queueing in its lane included")
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public ClaimOutcome claimCoupon(ClaimCouponCommand command) {
        long start = System.nanoTime();
        try {
            ClaimOutcome outcome = delegate.claimCoupon(command);
            outcomes.get(outcome).increment();
            return outcome;
        } catch (ServiceBusyException | StorageUnavailableException e) {
            // Both are answered 503 and may be retried: the port's two ways of saying "not now".
            rejected.increment();
            throw e;
        } finally {
            latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("coupons.claims")
                .description("Claims by outcome; rejected ones were answered 503 and may be retried")
                .tag("outcome", outcome)
                .register(registry);
    }
}
