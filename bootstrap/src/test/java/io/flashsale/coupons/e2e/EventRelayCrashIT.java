package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.CouponsApplication;
import io.flashsale.coupons.application.ClaimEventRelay;
import io.flashsale.coupons.e2e.EventTesting.EventConsumer;
import io.flashsale.coupons.e2e.EventTesting.Figures;
import io.flashsale.coupons.e2e.EventTesting.Storm;
import io.flashsale.coupons.testing.TestPostgres;
import io.flashsale.coupons.testing.TestRabbit;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the relaying service in the middle of a claim storm, while it publishes: a
 * restarted instance takes the lock over and every granted claim's event arrives. Repeats are the
 * batch that was in flight, at most one batch.
 */
@Tag("hardening")
class EventRelayCrashIT {

    private static final int BATCH_SIZE = 100;

    @Test
    void givenTheRelayingProcessKilledMidPublish_restart_deliversEveryGrantedClaimWithAtMostOneBatchRepeated()
            throws Exception {
        TestPostgres.Connection db = EventTesting.freshDatabase();
        TestRabbit.Broker broker = TestRabbit.broker();
        String exchange = "test.crash." + UUID.randomUUID();
        String coupon = "CRASH_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = EventTesting.eventSettings(db, broker, exchange);
        settings.put("coupons.events.batch-size", Integer.toString(BATCH_SIZE));

        try (EventConsumer consumer = new EventConsumer(broker, exchange)) {
            int port = freePort();
            Process service = startProcess(settings, port);
            Storm storm;
            int receivedAtKill;
            try {
                Api api = new Api(port);
                awaitReady(api, service);
                assertThat(api.createCoupon(coupon, 1_000_000).status()).isEqualTo(201);
                storm = new Storm(api, coupon, 6);
                // Killed once the relay is well into publishing the storm's events.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (consumer.of(coupon).size() < 300 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                receivedAtKill = consumer.of(coupon).size();
                service.destroyForcibly();
                assertThat(service.waitFor(10, TimeUnit.SECONDS)).isTrue();
                storm.stop();
            } finally {
                service.destroyForcibly();
            }
            assertThat(receivedAtKill).as("events published before the kill").isGreaterThanOrEqualTo(300);
            List<Long> grantedBeforeRestart = EventTesting.grantedClaimIds(db, coupon);

            try (ServiceInstance restarted = ServiceInstance.start(settings)) {
                assertThat(consumer.awaitClaims(coupon, grantedBeforeRestart, Duration.ofSeconds(60)))
                        .as("every claim granted before the kill arrives after the restart")
                        .isTrue();
                Thread.sleep(1_000);
                Figures figures = consumer.figures(coupon);
                ClaimEventRelay relay = restarted.bean(ClaimEventRelay.class);
                System.out.printf(
                        "relay crash: %d claims granted (%d answered 201 before the kill), %d events at the "
                                + "kill, %d delivered in all, %d duplicates, first arrivals in claim order: %s; "
                                + "restarted relay published %d%n",
                        grantedBeforeRestart.size(),
                        storm.count(201),
                        receivedAtKill,
                        figures.delivered(),
                        figures.duplicates(),
                        figures.inClaimOrder(),
                        relay.published());

                assertThat(figures.distinct()).isEqualTo(grantedBeforeRestart.size());
                // Every 201 is a stored claim; claims in flight at the kill may be stored without an answer.
                assertThat(grantedBeforeRestart.size()).isGreaterThanOrEqualTo(storm.count(201));
                assertThat(figures.duplicates())
                        .as("repeats: at most the batch in flight at the kill")
                        .isLessThanOrEqualTo(BATCH_SIZE);
                assertThat(figures.inClaimOrder()).isTrue();
            }
        }
    }

    /** The service in a JVM of its own, so that it can really be killed with SIGKILL. */
    private static Process startProcess(Map<String, String> settings, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                CouponsApplication.class.getName(),
                "--server.port=" + port,
                "--coupons.embedded-database.enabled=false"));
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = Files.createDirectories(Path.of("target")).resolve("event-relay-crash-service.log");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitReady(Api api, Process service) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(service.isAlive())
                    .as("service process alive (see target/event-relay-crash-service.log)")
                    .isTrue();
            try {
                if (api.get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the service did not get ready within 120 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
