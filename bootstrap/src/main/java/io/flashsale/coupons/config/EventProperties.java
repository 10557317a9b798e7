package io.flashsale.coupons.config;

import io.flashsale.coupons.application.EventRelaySettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The coupon events ({@code coupons.events.*}); the broker itself is {@code spring.rabbitmq.*}.
 *
 * @param enabled           relay the events to RabbitMQ; off, claims still land in the outbox and wait
 * @param exchange          the topic exchange the events are published to (declared if missing)
 * @param batchSize         outbox entries published per round
 * @param pollInterval      pause after a round that emptied the outbox
 * @param lockRetryInterval how often a non-relaying instance tries to take the relay over
 * @param brokerRetryDelay  pause after the broker failed or did not confirm everything
 * @param confirmTimeout    longest wait for the broker's confirms of one batch
 * @param lagRefresh        how often the relay measures the outbox lag
 * @param quietPeriod       no claim on the relaying instance for this long and events go out at once;
 *                          while claims arrive, the relay gives way to them
 * @param maxDeferral       how long, at most, an event waits for claims to quieten down; 0: never waits.
 *                          30 s covers a flash sale's burst (10,000 shoppers bought out 1,000 units in
 *                          under 5 s in bench's spike scenario) with room to spare
 */
@ConfigurationProperties("coupons.events")
public record EventProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("coupons.events") String exchange,
        @DefaultValue("500") int batchSize,
        @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("1s") Duration lockRetryInterval,
        @DefaultValue("1s") Duration brokerRetryDelay,
        @DefaultValue("10s") Duration confirmTimeout,
        @DefaultValue("1s") Duration lagRefresh,
        @DefaultValue("250ms") Duration quietPeriod,
        @DefaultValue("30s") Duration maxDeferral) {

    EventRelaySettings relaySettings() {
        return new EventRelaySettings(
                batchSize, pollInterval, lockRetryInterval, brokerRetryDelay, lagRefresh, quietPeriod, maxDeferral);
    }
}
