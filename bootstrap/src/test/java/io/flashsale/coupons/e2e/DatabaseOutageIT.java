package io.flashsale.coupons.e2e;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.e2e.Api.Response;
import io.flashsale.coupons.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The database goes away under steady claim load and comes back: refusing connections for five
 * seconds, or silently swallowing every byte for seven. The service must answer 503 with
 * Retry-After meanwhile, within its deadline, report itself not ready but alive, serve again soon
 * after without a restart, and lose no granted claim.
 */
@Tag("hardening")
class DatabaseOutageIT {

    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(5);
    private static final int CLIENTS = 4;
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?(/.*)");

    /** One claim as the client saw it; times are System.nanoTime(). */
    record Call(
            String coupon,
            String user,
            long start,
            long end,
            int status,
            String retryAfter,
            String contentType,
            String code,
            String body) {

        long millis() {
            return (end - start) / 1_000_000;
        }
    }

    /** One health probe. */
    record Probe(String path, long start, long end, int status, String state) {}

    @Test
    void givenSteadyClaims_databaseGoneFor5s_answers503InTimeThenRecoversAndLosesNoGrantedClaim() throws Exception {
        survive("gone", TcpProxy::cut, TcpProxy::restore, OUTAGE);
    }

    /** Nothing refused, nothing answered: only timeouts can tell the service that the database is away. */
    @Test
    void givenSteadyClaims_databaseUnresponsiveFor7s_answers503InTimeThenRecoversAndLosesNoGrantedClaim()
            throws Exception {
        survive("unresponsive", TcpProxy::freeze, TcpProxy::thaw, OUTAGE.plusSeconds(2));
    }

    private void survive(String kind, Consumer<TcpProxy> begin, Consumer<TcpProxy> end, Duration outage)
            throws Exception {
        TestPostgres.Connection db = TestPostgres.connection();
        Matcher url = JDBC_URL.matcher(db.jdbcUrl());
        assertThat(url.matches()).as(db.jdbcUrl()).isTrue();
        String busy = "OUTAGE_" + UUID.randomUUID().toString().substring(0, 8);
        // Claimed one at a time, so that the caller always decides its own claim: a hang shows as a slow answer.
        String quiet = "OUTAGE_QUIET_" + UUID.randomUUID().toString().substring(0, 8);
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        List<Probe> probes = Collections.synchronizedList(new ArrayList<>());
        long cutAt;
        long restoredAt;

        try (TcpProxy proxy = new TcpProxy(url.group(1), url.group(2) == null ? 5432 : Integer.parseInt(url.group(2)));
                ServiceInstance service = ServiceInstance.start(Map.of(
                        "spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + url.group(3),
                        "coupons.claims.deadline", DEADLINE.toSeconds() + "s",
                        "spring.datasource.hikari.connection-timeout", "2000"))) {
            Api api = service.api();
            assertThat(api.createCoupon(busy, 1_000_000).status()).isEqualTo(201);
            assertThat(api.createCoupon(quiet, 1_000_000).status()).isEqualTo(201);

            Load load = new Load(api, busy, quiet, calls, probes);
            load.start();
            Thread.sleep(2_000);
            cutAt = System.nanoTime();
            begin.accept(proxy);
            Thread.sleep(outage.toMillis());
            restoredAt = System.nanoTime();
            end.accept(proxy);
            Thread.sleep(RECOVERY_LIMIT.toMillis() + 3_000);
            load.stop();

            Response readiness = api.get("/actuator/health/readiness");
            assertThat(readiness.status()).as("ready again at the end").isEqualTo(200);
        }

        report(kind, calls, probes, cutAt, restoredAt);

        // Only granted or "try again": never a 500, never another 5xx, never no answer at all.
        assertThat(calls)
                .allSatisfy(c -> assertThat(c.status()).as(c.toString()).isIn(201, 503));
        List<Call> unavailable = calls.stream().filter(c -> c.status() == 503).toList();
        assertThat(unavailable).allSatisfy(c -> {
            assertThat(c.retryAfter()).as(c.toString()).isNotNull().matches("[1-9][0-9]*");
            assertThat(c.contentType()).as(c.toString()).startsWith("application/problem+json");
            assertThat(c.code()).as(c.toString()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(c.body())
                    .as(c.toString())
                    .contains("\"type\"", "\"title\"", "\"status\":503", "\"detail\"")
                    .doesNotContainIgnoringCase("exception")
                    .doesNotContain("java.", "org.", "SQL", "\tat ");
        });
        // A claim that lived entirely inside the outage cannot have reached the database.
        List<Call> insideOutage = calls.stream()
                .filter(c -> c.start() >= cutAt && c.end() <= restoredAt)
                .toList();
        assertThat(insideOutage)
                .allSatisfy(c -> assertThat(c.status()).as(c.toString()).isEqualTo(503));
        assertThat(calls.stream().filter(c -> c.start() >= cutAt && c.start() < restoredAt && c.status() == 503))
                .as("503s for claims started during the outage")
                .isNotEmpty();
        assertThat(calls.stream().filter(c -> c.end() < cutAt))
                .isNotEmpty()
                .allSatisfy(c ->
                        assertThat(c.status()).as("before the outage: " + c).isEqualTo(201));
        // Nobody waits longer than the deadline (plus a second for the way in and out).
        assertThat(calls)
                .allSatisfy(c -> assertThat(c.millis())
                        .as(c.toString())
                        .isLessThanOrEqualTo(DEADLINE.plusSeconds(1).toMillis()));

        // Not ready while the database is gone, yet alive throughout: nobody should restart us for it.
        List<Probe> readinessInOutage = probes.stream()
                .filter(p -> p.path().endsWith("readiness") && p.start() >= cutAt && p.end() <= restoredAt)
                .toList();
        assertThat(readinessInOutage)
                .isNotEmpty()
                .allSatisfy(p ->
                        assertThat(p).extracting(Probe::status, Probe::state).containsExactly(503, "DOWN"));
        assertThat(probes.stream().filter(p -> p.path().endsWith("liveness")))
                .isNotEmpty()
                .allSatisfy(p ->
                        assertThat(p).extracting(Probe::status, Probe::state).containsExactly(200, "UP"));

        // Serving again within five seconds of the database's return, and from then on.
        long firstGrantAfter = calls.stream()
                .filter(c -> c.start() >= restoredAt && c.status() == 201)
                .mapToLong(Call::end)
                .min()
                .orElseThrow(() -> new AssertionError("no claim granted after the outage"));
        assertThat((firstGrantAfter - restoredAt) / 1_000_000)
                .as("ms from restore to the first grant")
                .isLessThanOrEqualTo(RECOVERY_LIMIT.toMillis());
        long settled = restoredAt + RECOVERY_LIMIT.toNanos();
        assertThat(calls.stream().filter(c -> c.start() >= settled))
                .isNotEmpty()
                .allSatisfy(
                        c -> assertThat(c.status()).as("after recovery: " + c).isEqualTo(201));

        // Every grant the clients saw is stored; nothing stored that nobody asked for; stock adds up.
        JdbcClient sql = JdbcClient.create(new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password()));
        for (String coupon : List.of(busy, quiet)) {
            Set<String> stored = new HashSet<>(sql.sql("SELECT user_id FROM claims WHERE coupon_name = ?")
                    .param(coupon)
                    .query(String.class)
                    .list());
            List<Call> onCoupon =
                    calls.stream().filter(c -> c.coupon().equals(coupon)).toList();
            Set<String> granted = new HashSet<>(onCoupon.stream()
                    .filter(c -> c.status() == 201)
                    .map(Call::user)
                    .toList());
            Set<String> asked = new HashSet<>(onCoupon.stream().map(Call::user).toList());
            assertThat(granted).as(coupon).isNotEmpty();
            assertThat(stored).as(coupon).containsAll(granted);
            assertThat(asked).as(coupon).containsAll(stored);
            assertThat(StoredCoupon.read(sql, coupon).assertInvariant().claims())
                    .isEqualTo(stored.size());
        }
    }

    private static void report(String kind, List<Call> calls, List<Probe> probes, long cutAt, long restoredAt) {
        Map<Integer, Long> statuses = calls.stream().collect(groupingBy(Call::status, counting()));
        long inOutage503 = calls.stream()
                .filter(c -> c.status() == 503 && c.start() >= cutAt && c.start() < restoredAt)
                .count();
        long firstGrantAfter = calls.stream()
                .filter(c -> c.start() >= restoredAt && c.status() == 201)
                .mapToLong(Call::end)
                .min()
                .orElse(-1);
        System.out.printf(
                "DatabaseOutageIT (database %s): %d claims %s, 503 started during the outage: %d, "
                        + "longest claim %d ms, first grant %d ms after restore; readiness probes in outage: %s%n",
                kind,
                calls.size(),
                statuses,
                inOutage503,
                calls.stream().mapToLong(Call::millis).max().orElse(0),
                firstGrantAfter < 0 ? -1 : (firstGrantAfter - restoredAt) / 1_000_000,
                probes.stream()
                        .filter(p -> p.path().endsWith("readiness") && p.start() >= cutAt && p.end() <= restoredAt)
                        .collect(groupingBy(Probe::status, counting())));
    }

    /** A few clients claiming for new users back to back, and a health prober, until stopped. */
    private static final class Load {

        private final Api api;
        private final String busy;
        private final String quiet;
        private final List<Call> calls;
        private final List<Probe> probes;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicInteger users = new AtomicInteger();
        private volatile boolean running = true;

        Load(Api api, String busy, String quiet, List<Call> calls, List<Probe> probes) {
            this.api = api;
            this.busy = busy;
            this.quiet = quiet;
            this.calls = calls;
            this.probes = probes;
        }

        void start() {
            for (int i = 0; i < CLIENTS; i++) {
                threads.add(Thread.ofPlatform().name("outage-client-" + i).start(() -> claimUntilStopped(busy, 0)));
            }
            threads.add(Thread.ofPlatform().name("outage-quiet-client").start(() -> claimUntilStopped(quiet, 300)));
            threads.add(Thread.ofPlatform().name("outage-prober").start(this::probeUntilStopped));
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join();
            }
        }

        private void claimUntilStopped(String coupon, long pauseMillis) {
            while (running) {
                pause(pauseMillis);
                String user = "outage_user_" + users.incrementAndGet();
                long start = System.nanoTime();
                try {
                    Response r = api.claim(user, coupon);
                    String code = r.header("Content-Type") != null
                                    && r.header("Content-Type").contains("json")
                            ? r.json().path("code").asString()
                            : "";
                    calls.add(new Call(
                            coupon,
                            user,
                            start,
                            System.nanoTime(),
                            r.status(),
                            r.header("Retry-After"),
                            r.header("Content-Type"),
                            code,
                            r.body()));
                } catch (RuntimeException e) {
                    calls.add(new Call(coupon, user, start, System.nanoTime(), -1, null, null, "", e.toString()));
                }
            }
        }

        private void probeUntilStopped() {
            while (running) {
                for (String path : List.of("/actuator/health/readiness", "/actuator/health/liveness")) {
                    long start = System.nanoTime();
                    try {
                        Response r = api.get(path);
                        probes.add(new Probe(
                                path,
                                start,
                                System.nanoTime(),
                                r.status(),
                                r.json().path("status").asString()));
                    } catch (RuntimeException e) {
                        probes.add(new Probe(path, start, System.nanoTime(), -1, e.toString()));
                    }
                }
                pause(200);
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
