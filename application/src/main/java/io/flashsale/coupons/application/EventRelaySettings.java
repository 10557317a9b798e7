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
 */
public record EventRelaySettings(int batchSize, Duration pollInterval, Duration lockRetryInterval,
                                 Duration brokerRetryDelay, Duration lagRefresh) {

    public EventRelaySettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(lockRetryInterval, "lockRetryInterval");
        Objects.requireNonNull(brokerRetryDelay, "brokerRetryDelay");
        Objects.requireNonNull(lagRefresh, "lagRefresh");
    }
}
