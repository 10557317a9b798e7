package io.flashsale.coupons.config;

import io.flashsale.coupons.application.ClaimEventRelay;
import io.flashsale.coupons.application.ClaimTraffic;
import io.flashsale.coupons.domain.port.out.CouponEventPublisher;
import io.flashsale.coupons.domain.port.out.OutboxRepository;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.ToDoubleFunction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The coupon events: when {@code coupons.events.enabled}, every instance runs a relay and the one
 * holding the outbox's lock publishes; otherwise one log line says that claims are not published.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventProperties.class)
public class EventConfiguration {

    private static final Log LOG = LogFactory.getLog(EventConfiguration.class);

    @Bean
    @ConditionalOnBooleanProperty(name = "coupons.events.enabled")
    ClaimEventRelay claimEventRelay(
            OutboxRepository outbox,
            CouponEventPublisher publisher,
            EventProperties properties,
            ClaimTraffic traffic,
            MeterRegistry registry) {
        ClaimEventRelay relay =
                new ClaimEventRelay(outbox, publisher, properties.relaySettings(), traffic, Clock.systemUTC());
        counter(
                registry,
                relay,
                "coupons.events.published",
                "Events handed to the broker, repeats included",
                ClaimEventRelay::published);
        counter(
                registry,
                relay,
                "coupons.events.confirmed",
                "Events the broker confirmed and routed",
                ClaimEventRelay::confirmed);
        counter(
                registry,
                relay,
                "coupons.events.returned",
                "Events returned unroutable: no queue bound (sent again)",
                ClaimEventRelay::returned);
        counter(
                registry,
                relay,
                "coupons.events.refused",
                "Events the broker refused (sent again)",
                ClaimEventRelay::refused);
        counter(
                registry,
                relay,
                "coupons.events.unanswered",
                "Events not confirmed in time (sent again)",
                ClaimEventRelay::unanswered);
        counter(
                registry,
                relay,
                "coupons.events.deferrals",
                "Relay rounds that gave way to claims arriving on this instance and published nothing",
                ClaimEventRelay::deferrals);
        Gauge.builder("coupons.events.outbox.lag.events", relay, ClaimEventRelay::lagEvents)
                .description("Claims waiting in the outbox, as measured by the relaying instance (0 elsewhere)")
                .register(registry);
        Gauge.builder("coupons.events.outbox.lag", relay, ClaimEventRelay::lagSeconds)
                .baseUnit("seconds")
                .description("Age of the oldest claim waiting in the outbox, as measured by the relaying instance")
                .register(registry);
        Gauge.builder("coupons.events.relay.owner", relay, r -> r.relaying() ? 1 : 0)
                .description("1 on the instance that holds the relay lock and publishes, 0 on the others")
                .register(registry);
        return relay;
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "coupons.events.enabled")
    EventRelayRunner eventRelayRunner(ClaimEventRelay relay) {
        return new EventRelayRunner(relay);
    }

    /** Broker-independent of readiness: part of the {@code events} health group only. */
    @Bean
    HealthIndicator eventRelayHealthIndicator(
            EventProperties properties, org.springframework.beans.factory.ObjectProvider<ClaimEventRelay> relay) {
        if (!properties.enabled()) {
            LOG.info("Coupon events are off (coupons.events.enabled=false): claims are recorded but not published "
                    + "to RabbitMQ; they wait in the outbox until events are switched on");
        }
        return () -> {
            ClaimEventRelay running = relay.getIfAvailable();
            if (running == null) {
                return Health.unknown().withDetail("enabled", false).build();
            }
            return Health.up()
                    .withDetail("enabled", true)
                    .withDetail("relaying", running.relaying())
                    .withDetail("lag_events", running.lagEvents())
                    .withDetail("lag_seconds", running.lagSeconds())
                    .build();
        };
    }

    private static void counter(
            MeterRegistry registry,
            ClaimEventRelay relay,
            String name,
            String description,
            ToDoubleFunction<ClaimEventRelay> count) {
        FunctionCounter.builder(name, relay, count).description(description).register(registry);
    }
}
