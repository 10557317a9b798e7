package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.application.ClaimEventRelay;
import io.flashsale.coupons.e2e.EventTesting.EventConsumer;
import io.flashsale.coupons.e2e.EventTesting.Figures;
import io.flashsale.coupons.e2e.EventTesting.Storm;
import io.flashsale.coupons.testing.TestPostgres;
import io.flashsale.coupons.testing.TestRabbit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away for ten seconds in the middle of a claim storm. Claims never wait for the
 * broker: they keep being granted (201) and the service stays ready; the events wait in the outbox
 * and all arrive once the broker is back, in claim order per coupon.
 */
@Tag("hardening")
class EventStormIT {

    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @Test
    void givenTheBrokerDownFor10sDuringAClaimStorm_claims_keepAnswering201AndEveryEventArrivesAfterRecovery()
            throws Exception {
        TestPostgres.Connection db = EventTesting.freshDatabase();
        TestRabbit.Broker broker = TestRabbit.broker();
        String exchange = "test.storm." + UUID.randomUUID();
        String coupon = "STORM_" + UUID.randomUUID().toString().substring(0, 8);
        String small = "STORM_SMALL_" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> readinessDuringOutage = new ArrayList<>();
        Storm storm;
        long outageStartedAt;
        int grantedBeforeOutage;
        int grantedDuringOutage;
        long lagEventsAfterOutage;

        try (EventConsumer consumer = new EventConsumer(broker, exchange);
                TcpProxy brokerProxy = new TcpProxy(broker.host(), broker.port());
                ServiceInstance service = ServiceInstance.start(
                        withBrokerAt(EventTesting.eventSettings(db, broker, exchange), brokerProxy.port()))) {
            Api api = service.api();
            assertThat(api.createCoupon(coupon, 1_000_000).status()).isEqualTo(201);
            assertThat(api.createCoupon(small, 3).status()).isEqualTo(201);

            storm = new Storm(api, coupon, 8);
            Thread.sleep(3_000);
            brokerProxy.cut();
            outageStartedAt = System.nanoTime();
            grantedBeforeOutage = storm.count(201);
            for (String user : List.of("a", "b", "c", "d")) {
                api.claim(user, small);
            }
            while (System.nanoTime() - outageStartedAt < OUTAGE.toNanos()) {
                readinessDuringOutage.add(api.get("/actuator/health/readiness").status());
                Thread.sleep(500);
            }
            grantedDuringOutage = storm.count(201) - grantedBeforeOutage;
            lagEventsAfterOutage = service.bean(ClaimEventRelay.class).lagEvents();
            brokerProxy.restore();
            Thread.sleep(3_000);
            storm.stop();

            List<Long> granted = EventTesting.grantedClaimIds(db, coupon);
            assertThat(consumer.awaitClaims(coupon, granted, Duration.ofSeconds(60)))
                    .as("every granted claim's event arrives after the outage")
                    .isTrue();
            assertThat(consumer.awaitClaims(small, EventTesting.grantedClaimIds(db, small), Duration.ofSeconds(10)))
                    .isTrue();
            Thread.sleep(500);
            Figures figures = consumer.figures(coupon);
            Figures smallFigures = consumer.figures(small);
            ClaimEventRelay relay = service.bean(ClaimEventRelay.class);
            report(storm, granted.size(), grantedDuringOutage, lagEventsAfterOutage, figures, relay);

            assertThat(storm.statuses.keySet())
                    .as("only grants: claims never wait for the broker")
                    .containsOnly(201);
            assertThat(grantedDuringOutage)
                    .as("claims granted while the broker was away")
                    .isPositive();
            assertThat(readinessDuringOutage).isNotEmpty().containsOnly(200);
            assertThat(lagEventsAfterOutage)
                    .as("events waiting in the outbox at the end of the outage")
                    .isPositive();
            assertThat(granted).hasSize(storm.count(201));
            assertThat(figures.distinct()).isEqualTo(granted.size());
            assertThat(figures.inClaimOrder())
                    .as("first arrivals in claim order")
                    .isTrue();
            assertThat(smallFigures.distinct()).isEqualTo(3);
            assertThat(smallFigures.inClaimOrder()).isTrue();
            assertThat(smallFigures.soldOut())
                    .as("coupon.sold_out for the small coupon")
                    .isGreaterThanOrEqualTo(1);
            assertThat(relay.returned()).isZero();
        }
    }

    private static Map<String, String> withBrokerAt(Map<String, String> settings, int port) {
        settings.put("spring.rabbitmq.host", "127.0.0.1");
        settings.put("spring.rabbitmq.port", Integer.toString(port));
        return settings;
    }

    private static void report(
            Storm storm, int granted, int grantedDuringOutage, long lagEvents, Figures figures, ClaimEventRelay relay)
            throws java.io.IOException {
        String text = String.format(
                """
                        event storm: %d claims granted (%d while the broker was down %ds), answers %s
                        events delivered %d (distinct %d, duplicates %d), first arrivals in claim order: %s
                        max lag claim -> consumer %d ms; outbox at the end of the outage: %d events
                        relay: published %d, confirmed %d, returned %d, refused %d, unanswered %d
                        """,
                granted,
                grantedDuringOutage,
                OUTAGE.toSeconds(),
                storm.statuses,
                figures.delivered(),
                figures.distinct(),
                figures.duplicates(),
                figures.inClaimOrder(),
                figures.maxLagMillis(),
                lagEvents,
                relay.published(),
                relay.confirmed(),
                relay.returned(),
                relay.refused(),
                relay.unanswered());
        System.out.print(text);
        Files.writeString(Path.of("target", "event-storm.txt"), text);
    }
}
