package io.flashsale.coupons.application;

import java.time.Duration;
import java.util.Objects;

/**
 * How the event relay works.
 *
 * @param batchSize         entries read and published per round (a sold-out entry carries two events)
 * @param pollInterval      pause after a round that found nothing more to publish
 * @param lockRetryInterval pause between attempts to become the relay, and after the storage failed
 * @param brokerRetryDelay  pause after the broker was unreachable or did not confirm everything
 * @param lagRefresh        how often the outbox lag is measured (a count over the waiting entries)
 * @param quietPeriod       this long without a claim on this instance and the relay publishes at once;
 *                          while claims keep arriving it gives way to them (see {@code maxDeferral})
 * @param maxDeferral       the oldest waiting event is published once it is this old, claims arriving
 *                          or not; zero: never give way
 */
public record EventRelaySettings(
        int batchSize,
        Duration pollInterval,
        Duration lockRetryInterval,
        Duration brokerRetryDelay,
        Duration lagRefresh,
        Duration quietPeriod,
        Duration maxDeferral) {

    public EventRelaySettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(lockRetryInterval, "lockRetryInterval");
        Objects.requireNonNull(brokerRetryDelay, "brokerRetryDelay");
        Objects.requireNonNull(lagRefresh, "lagRefresh");
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        Objects.requireNonNull(maxDeferral, "maxDeferral");
        if (quietPeriod.isNegative() || maxDeferral.isNegative()) {
            throw new IllegalArgumentException(
                    "quietPeriod and maxDeferral must not be negative, were " + quietPeriod + " and " + maxDeferral);
        }
    }
}
