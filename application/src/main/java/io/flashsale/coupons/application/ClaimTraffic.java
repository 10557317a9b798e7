package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.port.in.ClaimCouponUseCase;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * When this instance last took a claim: what work that can wait (the event relay) needs to know to
 * give way to a sale. Claims pass through {@link #observing(ClaimCouponUseCase)}; the relay asks
 * {@link #quietFor(Duration)}.
 *
 * <p>Thread-safe: any number of claim threads record, any thread asks.
 */
public final class ClaimTraffic {

    private final Clock clock;
    private volatile long lastClaimMillis = Long.MIN_VALUE;

    /** @param clock the time claims are recorded and asked about in (millisecond resolution) */
    public ClaimTraffic(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The use case as is, each claim recorded as it arrives (refused or failed ones too: they are traffic). */
    public ClaimCouponUseCase observing(ClaimCouponUseCase useCase) {
        Objects.requireNonNull(useCase, "useCase");
        return command -> {
            claimArrived();
            return useCase.claimCoupon(command);
        };
    }

    /** Records a claim arriving now. */
    public void claimArrived() {
        long now = clock.millis();
        // Many claim threads write the same field; skipping writes that change nothing keeps its cache line
        // shared: at most one write per millisecond.
        if (now != lastClaimMillis) {
            lastClaimMillis = now;
        }
    }

    /**
     * @param period how long, at least (zero: always quiet)
     * @return whether no claim arrived during the last {@code period}
     */
    public boolean quietFor(Duration period) {
        long last = lastClaimMillis;
        return last == Long.MIN_VALUE || clock.millis() - last >= period.toMillis();
    }
}
