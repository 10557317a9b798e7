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
        @DefaultValue("1s") Duration lagRefresh) {

    EventRelaySettings relaySettings() {
        return new EventRelaySettings(batchSize, pollInterval, lockRetryInterval, brokerRetryDelay, lagRefresh);
    }
}
