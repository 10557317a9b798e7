package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.application.ClaimEventRelay;
import io.flashsale.coupons.e2e.EventTesting.EventConsumer;
import io.flashsale.coupons.e2e.EventTesting.JdbcTarget;
import io.flashsale.coupons.testing.TestPostgres;
import io.flashsale.coupons.testing.TestRabbit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three instances on one database: exactly one relays at any time. When the relaying one dies (its
 * connections to the database cut, as a crash or a partition would), PostgreSQL frees its lock with
 * its session and another instance takes over within seconds; claims made on the survivors arrive.
 */
@Tag("hardening")
class EventRelayTakeoverIT {

    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(5);

    @Test
    void givenThreeInstances_exactlyOneRelaysAndWhenItDiesAnotherTakesOverWithinSeconds() throws Exception {
        TestPostgres.Connection db = EventTesting.freshDatabase();
        TestRabbit.Broker broker = TestRabbit.broker();
        JdbcTarget target = JdbcTarget.of(db.jdbcUrl());
        String exchange = "test.takeover." + UUID.randomUUID();
        String coupon = "TAKEOVER_" + UUID.randomUUID().toString().substring(0, 8);
        List<TcpProxy> proxies = new ArrayList<>();
        List<ServiceInstance> instances = new ArrayList<>();
        try (EventConsumer consumer = new EventConsumer(broker, exchange)) {
            for (int i = 0; i < 3; i++) {
                TcpProxy proxy = new TcpProxy(target.host(), target.port());
                proxies.add(proxy);
                Map<String, String> settings = EventTesting.eventSettings(db, broker, exchange);
                settings.put("spring.datasource.url", target.through(proxy.port()));
                instances.add(ServiceInstance.start(settings));
            }
            assertThat(instances.getFirst().api().createCoupon(coupon, 1_000).status())
                    .isEqualTo(201);

            // Exactly one relays, sampled over three seconds.
            int owner = awaitSingleOwner(instances, List.of(0, 1, 2), TAKEOVER_LIMIT);
            for (int sample = 0; sample < 30; sample++) {
                assertThat(owners(instances, List.of(0, 1, 2)))
                        .as("relaying instances")
                        .containsExactly(owner);
                Thread.sleep(100);
            }
            claim(instances, List.of(0, 1, 2), coupon, "before", 30);
            assertThat(consumer.awaitClaims(coupon, EventTesting.grantedClaimIds(db, coupon), Duration.ofSeconds(20)))
                    .isTrue();

            // The owner dies: its sessions end, and with them the lock.
            long diedAt = System.nanoTime();
            proxies.get(owner).cut();
            List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
            survivors.remove(Integer.valueOf(owner));
            int successor = awaitSingleOwner(instances, survivors, TAKEOVER_LIMIT);
            long takeoverMillis = (System.nanoTime() - diedAt) / 1_000_000;
            System.out.printf(
                    "relay takeover: instance %d died, instance %d relays after %d ms%n",
                    owner, successor, takeoverMillis);

            claim(instances, survivors, coupon, "after", 30);
            List<Long> granted = EventTesting.grantedClaimIds(db, coupon);
            assertThat(granted).hasSize(60);
            assertThat(consumer.awaitClaims(coupon, granted, Duration.ofSeconds(20)))
                    .as("claims made before and after the takeover all arrive")
                    .isTrue();
            assertThat(consumer.figures(coupon).inClaimOrder()).isTrue();
            assertThat(takeoverMillis).isLessThanOrEqualTo(TAKEOVER_LIMIT.toMillis());
        } finally {
            instances.forEach(ServiceInstance::close);
            proxies.forEach(TcpProxy::close);
        }
    }

    private static void claim(
            List<ServiceInstance> instances, List<Integer> on, String coupon, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            Api api = instances.get(on.get(i % on.size())).api();
            assertThat(api.claim(prefix + "_" + i, coupon).status()).isEqualTo(201);
        }
    }

    private static int awaitSingleOwner(List<ServiceInstance> instances, List<Integer> among, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            List<Integer> owners = owners(instances, among);
            if (owners.size() == 1) {
                return owners.getFirst();
            }
            assertThat(owners).as("never two relays at once").hasSizeLessThanOrEqualTo(1);
            Thread.sleep(50);
        }
        throw new AssertionError("no instance among " + among + " took the relay over within " + limit);
    }

    private static List<Integer> owners(List<ServiceInstance> instances, List<Integer> among) {
        return among.stream()
                .filter(i -> instances.get(i).bean(ClaimEventRelay.class).relaying())
                .toList();
    }
}
