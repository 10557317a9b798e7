package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.application.ClaimEventRelay;
import io.flashsale.coupons.e2e.EventTesting.EventConsumer;
import io.flashsale.coupons.e2e.EventTesting.Storm;
import io.flashsale.coupons.testing.TestPostgres;
import io.flashsale.coupons.testing.TestRabbit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The relay gives way to a sale: while claims arrive, their events wait in the outbox up to the maximum
 * deferral, then go out though claims keep coming; once the claims stop, the rest follows within a
 * quiet period. Nothing is lost either way.
 */
@Tag("hardening")
class EventDeferralIT {

    private static final Duration MAX_DEFERRAL = Duration.ofSeconds(4);

    @Test
    void givenAClaimStorm_relay_holdsEventsBackUpToTheMaxDeferralAndDeliversAllOnceItEnds() throws Exception {
        TestPostgres.Connection db = EventTesting.freshDatabase();
        TestRabbit.Broker broker = TestRabbit.broker();
        String exchange = "test.deferral." + UUID.randomUUID();
        String coupon = "DEFER_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = EventTesting.eventSettings(db, broker, exchange);
        settings.put("coupons.events.quiet-period", "250ms");
        settings.put("coupons.events.max-deferral", MAX_DEFERRAL.toMillis() + "ms");

        try (EventConsumer consumer = new EventConsumer(broker, exchange);
                ServiceInstance service = ServiceInstance.start(settings)) {
            Api api = service.api();
            assertThat(api.createCoupon(coupon, 1_000_000).status()).isEqualTo(201);

            Storm storm = new Storm(api, coupon, 4);
            long started = System.nanoTime();
            Thread.sleep(MAX_DEFERRAL.toMillis() / 2);
            int grantedEarly = storm.count(201);
            int receivedEarly = consumer.of(coupon).size();
            Thread.sleep(MAX_DEFERRAL.toMillis() * 2);
            int receivedLate = consumer.of(coupon).size();
            storm.stop();
            long stormMillis = (System.nanoTime() - started) / 1_000_000;
            List<Long> granted = EventTesting.grantedClaimIds(db, coupon);
            long stopped = System.nanoTime();
            boolean allArrived = consumer.awaitClaims(coupon, granted, Duration.ofSeconds(30));
            long afterStopMillis = (System.nanoTime() - stopped) / 1_000_000;
            ClaimEventRelay relay = service.bean(ClaimEventRelay.class);
            System.out.printf(
                    "event deferral: %d claims in %d ms; events received after %d ms: %d (of %d granted), "
                            + "after %d ms: %d; all %d arrived %d ms after the storm; %d rounds gave way%n",
                    granted.size(),
                    stormMillis,
                    MAX_DEFERRAL.toMillis() / 2,
                    receivedEarly,
                    grantedEarly,
                    MAX_DEFERRAL.toMillis() * 5 / 2,
                    receivedLate,
                    granted.size(),
                    afterStopMillis,
                    relay.deferrals());

            assertThat(grantedEarly)
                    .as("claims granted in the first half of the deferral")
                    .isPositive();
            assertThat(receivedEarly)
                    .as("events published while claims arrive, before the max deferral")
                    .isZero();
            assertThat(receivedLate)
                    .as("events published once the oldest waited the max deferral")
                    .isPositive();
            assertThat(allArrived)
                    .as("every granted claim's event arrives once the storm ends")
                    .isTrue();
            assertThat(consumer.figures(coupon).inClaimOrder()).isTrue();
            assertThat(relay.deferrals()).isPositive();
        }
    }
}
