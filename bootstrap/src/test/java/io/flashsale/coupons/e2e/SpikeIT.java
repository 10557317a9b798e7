package io.flashsale.coupons.e2e;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import io.flashsale.coupons.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * A flash sale as it comes: thousands of shoppers, each on a connection of its own, pressing "claim"
 * in the same instant. Runs the packaged jar ({@code target/coupons.jar}, built by {@code package}
 * before failsafe runs) in a JVM of its own with the image's flags (read from the Dockerfile), the heap
 * and young generation halved, so that the burst is as large for this heap as 6,000 shoppers are for
 * the image's. Before
 * requests in flight were bounded by the heap, the service died of OutOfMemoryError here and every
 * connection was reset. {@code -Dspike.jar=...} runs it against another jar.
 */
@Tag("hardening")
class SpikeIT {

    private static final Path DOCKERFILE = Path.of("../Dockerfile");
    private static final Pattern JAVA_OPTS = Pattern.compile("^\\s*JAVA_OPTS=\"([^\"]+)\"", Pattern.MULTILINE);
    private static final Pattern MEMORY_FLAG = Pattern.compile("(-Xm[sxn])(\\d+)m");
    private static final int SHOPPERS = 3_000;
    /** A tenth of the shoppers: even if most of the burst were refused with 503, enough remain to sell out. */
    private static final int STOCK = 300;

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern USER = Pattern.compile("\"user_id\"\\s*:\\s*\"([^\"]*)\"");

    private static Process service;
    private static Path log;
    private static int port;
    private static JdbcClient sql;

    @BeforeAll
    static void startPackagedService() throws Exception {
        Path jar = Path.of(System.getProperty("spike.jar", "target/coupons.jar"));
        assertThat(jar)
                .as("the packaged service; `./mvnw verify` builds it before the integration tests")
                .exists();
        long fileDescriptors =
                ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        assertThat(fileDescriptors)
                .as("open files limit of the test JVM (ulimit -n), one per shopper")
                .isGreaterThan(SHOPPERS + 1_000L);
        TestPostgres.Connection db = TestPostgres.connection();
        sql = JdbcClient.create(new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password()));
        port = freePort();
        // Beside the build's reports, where a failure's log is looked for, and gone with mvn clean.
        log = Files.createTempFile(Path.of("target"), "spike-it-", ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(imageFlagsHalved());
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment()
                .putAll(Map.of(
                        "SPRING_DATASOURCE_URL", db.jdbcUrl(),
                        "SPRING_DATASOURCE_USERNAME", db.username(),
                        "SPRING_DATASOURCE_PASSWORD", db.password(),
                        "SERVER_PORT", Integer.toString(port),
                        // Every claim gets its decision however slow the build machine: this test is about
                        // memory and connections, and a claim answered 503 by the deadline may yet be granted.
                        "COUPONS_CLAIMS_DEADLINE", "60s"));
        service = builder.start();
        awaitReady();
        long openFiles = openFilesLimit(service.pid());
        assertThat(openFiles)
                .as("open files limit of the service's JVM (/proc/%d/limits)", service.pid())
                .isGreaterThan(SHOPPERS + 1_000L);
    }

    /**
     * The Dockerfile's JAVA_OPTS, the one place the image's flags are written, with -Xms, -Xmx and -Xmn
     * halved (a change to the image's flags is tested here at once).
     */
    static List<String> imageFlagsHalved() throws IOException {
        Matcher javaOpts = JAVA_OPTS.matcher(Files.readString(DOCKERFILE));
        assertThat(javaOpts.find())
                .as("a JAVA_OPTS=\"...\" line in %s", DOCKERFILE.toAbsolutePath())
                .isTrue();
        List<String> flags = new ArrayList<>();
        for (String flag : javaOpts.group(1).trim().split("\\s+")) {
            Matcher memory = MEMORY_FLAG.matcher(flag);
            flags.add(memory.matches() ? memory.group(1) + Integer.parseInt(memory.group(2)) / 2 + "m" : flag);
        }
        assertThat(flags).as("the image's heap flags, halved").anyMatch(flag -> flag.startsWith("-Xmx"));
        return flags;
    }

    @AfterAll
    static void stopService() throws InterruptedException {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void given3000ShoppersOnTheirOwnConnectionsAtOnce_claimOneCoupon_everyOneAnsweredAndTheStockSoldExactly()
            throws Exception {
        String coupon = "SPIKE_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Api api = new Api(port);
        assertThat(api.createCoupon(coupon, STOCK).status()).isEqualTo(201);
        // Every tenth shopper repeats the user of the shopper nine before.
        List<String> users = new ArrayList<>();
        for (int i = 0; i < SHOPPERS; i++) {
            users.add(i % 10 == 9 ? users.get(i - 9) : "spike_" + i);
        }

        long start = System.nanoTime();
        List<Answer> answers = burst(coupon, users);
        long lastAnswerMillis = answers.stream().mapToLong(Answer::millis).max().orElse(0);

        Map<String, Long> outcomes = answers.stream().collect(groupingBy(Answer::outcome, counting()));
        List<Long> latencies = answers.stream().map(Answer::millis).sorted().toList();
        System.out.printf(
                "SpikeIT: %d shoppers at once, stock %d: %s; last answer after %d ms, p50 %d ms, p99 %d ms; "
                        + "service peak RSS %s; burst took %d ms%n",
                SHOPPERS,
                STOCK,
                outcomes,
                lastAnswerMillis,
                latencies.get(latencies.size() / 2),
                latencies.get(latencies.size() * 99 / 100),
                peakRss(service.pid()),
                (System.nanoTime() - start) / 1_000_000);

        assertThat(service.isAlive()).as("the service is alive (log: %s)", log).isTrue();
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        assertThat(answers)
                .as("connections without an HTTP answer (refused, reset, timed out)")
                .filteredOn(a -> a.status() < 0)
                .isEmpty();
        assertThat(outcomes.keySet())
                .allMatch(o -> o.equals("201")
                        || o.equals("409 COUPON_ALREADY_CLAIMED")
                        || o.equals("409 COUPON_SOLD_OUT")
                        || o.equals("503 SERVICE_UNAVAILABLE"));
        assertThat(answers)
                .filteredOn(a -> a.status() == 503)
                .allSatisfy(a ->
                        assertThat(a.retryAfter()).as("Retry-After of a 503").isNotBlank());

        Set<String> winners = new HashSet<>();
        for (Answer answer : answers) {
            if (answer.status() == 201) {
                assertThat(winners.add(answer.user()))
                        .as("user %s granted twice", answer.user())
                        .isTrue();
                assertThat(answer.grantedUser()).isEqualTo(answer.user());
            }
        }
        assertThat(winners).as("grants").hasSize(STOCK);
        for (Answer answer : answers) {
            if ("COUPON_ALREADY_CLAIMED".equals(answer.code())) {
                assertThat(winners).as("already claimed by %s", answer.user()).contains(answer.user());
            } else if ("COUPON_SOLD_OUT".equals(answer.code())) {
                assertThat(winners).as("sold out to holder %s", answer.user()).doesNotContain(answer.user());
            }
        }
        StoredCoupon stored = StoredCoupon.read(sql, coupon).assertInvariant();
        assertThat(stored.remaining()).isZero();
        assertThat(stored.claims()).isEqualTo(STOCK);
        List<String> claimedBy = api.details(coupon)
                .json()
                .path("claimed_by")
                .valueStream()
                .map(JsonNode::asString)
                .toList();
        assertThat(claimedBy).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(winners);
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    /** An HTTP answer, or {@code status} -1 and what went wrong with the connection instead. */
    private record Answer(
            String user, int status, String code, String retryAfter, String grantedUser, String failure, long millis) {

        String outcome() {
            return status < 0 ? failure : status + (code == null ? "" : " " + code);
        }
    }

    /** One connection per user, each opened when a latch releases them all together. */
    private static List<Answer> burst(String coupon, List<String> users) throws Exception {
        CountDownLatch ready = new CountDownLatch(users.size());
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Answer>> futures = new ArrayList<>();
            for (String user : users) {
                byte[] request = request(coupon, user);
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return shop(user, request);
                }));
            }
            ready.await();
            go.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
    }

    private static byte[] request(String coupon, String user) {
        String body = "{\"user_id\":\"" + user + "\",\"coupon_name\":\"" + coupon + "\"}";
        return ("POST /api/coupons/claim HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n"
                        + "Connection: close\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Answer shop(String user, byte[] request) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) PATIENCE.toMillis());
            socket.setSoTimeout((int) PATIENCE.toMillis());
            socket.getOutputStream().write(request);
            return parse(user, readAll(socket.getInputStream()), millisSince(start));
        } catch (ConnectException e) {
            return failed(user, "refused", start);
        } catch (SocketTimeoutException e) {
            return failed(user, "timed out", start);
        } catch (SocketException e) {
            return failed(
                    user, e.getMessage() != null && e.getMessage().contains("reset") ? "reset" : "socket error", start);
        } catch (IOException e) {
            return failed(user, e.getClass().getSimpleName(), start);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static Answer parse(String user, byte[] raw, long millis) {
        String text = new String(raw, StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.1 ")) {
            return new Answer(
                    user, -1, null, null, null, raw.length == 0 ? "closed without an answer" : "not HTTP", millis);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        int bodyStart = text.indexOf("\r\n\r\n");
        String head = bodyStart < 0 ? text : text.substring(0, bodyStart);
        String body = bodyStart < 0 ? "" : text.substring(bodyStart + 4);
        String retryAfter = null;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("retry-after:")) {
                retryAfter = line.substring("retry-after:".length()).trim();
            }
        }
        Matcher code = CODE.matcher(body);
        Matcher granted = USER.matcher(body);
        return new Answer(
                user,
                status,
                code.find() ? code.group(1) : null,
                retryAfter,
                status == 201 && granted.find() ? granted.group(1) : null,
                null,
                millis);
    }

    private static Answer failed(String user, String failure, long start) {
        return new Answer(user, -1, null, null, null, failure, millisSince(start));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void awaitReady() throws Exception {
        Api api = new Api(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(service.isAlive())
                    .as("the service died while starting:%n%s", tail())
                    .isTrue();
            try {
                if (api.get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service was not ready within 120 s:\n" + tail());
    }

    private static String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** The soft "Max open files" of a process; Long.MAX_VALUE where /proc does not say. */
    private static long openFilesLimit(long pid) throws IOException {
        Path limits = Path.of("/proc/" + pid + "/limits");
        if (!Files.exists(limits)) {
            return Long.MAX_VALUE;
        }
        for (String line : Files.readAllLines(limits)) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return Long.MAX_VALUE;
    }

    private static String peakRss(long pid) throws IOException {
        Path status = Path.of("/proc/" + pid + "/status");
        if (!Files.exists(status)) {
            return "unknown";
        }
        return Files.readAllLines(status).stream()
                .filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.substring(6).trim())
                .findFirst()
                .orElse("unknown");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
