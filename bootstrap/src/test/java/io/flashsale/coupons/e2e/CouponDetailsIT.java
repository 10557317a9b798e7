package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.e2e.Api.Response;
import io.flashsale.coupons.e2e.HttpWire.Answer;
import io.flashsale.coupons.testing.TestPostgres;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The details read against clients that misbehave and a database that fails mid-read: no client
 * can hold a pooled connection, a list cut short never looks complete, a client that goes away is
 * no error, and a client that has the current state gets 304 without a body.
 */
@ExtendWith(OutputCaptureExtension.class)
class CouponDetailsIT extends RunningServiceTest {

    /** Claimants of the shared big coupon: about 7.5 MB of JSON, far more than socket buffers hold. */
    private static final int BIG = 300_000;

    private static final int STALLED_READERS = 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String bigCoupon;

    /** Straight to PostgreSQL, without the service's pool or its 3 s socket timeout: bulk setup takes longer. */
    private static final JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(
            TestPostgres.connection().jdbcUrl(),
            TestPostgres.connection().username(),
            TestPostgres.connection().password()));

    @BeforeEach
    void bigCoupon() {
        if (bigCoupon == null) {
            String coupon = uniqueName("HUGE");
            assertThat(api.createCoupon(coupon, BIG).status()).isEqualTo(201);
            jdbc.sql("""
                            INSERT INTO claims (coupon_name, user_id)
                            SELECT ?, 'stalled-shopper-' || lpad(g::text, 7, '0') FROM generate_series(1, ?) g ORDER BY g""").params(coupon, BIG).update();
            jdbc.sql("UPDATE coupons SET remaining_amount = 0, version = version + 1 WHERE name = ?")
                    .param(coupon)
                    .update();
            bigCoupon = coupon;
        }
    }

    @Test
    void givenTwentyStalledReadersOfABigCoupon_claimsOnAnotherCouponAndReadiness_stayFast() throws Exception {
        String other = uniqueName("OTHER");
        assertThat(api.createCoupon(other, 1_000).status()).isEqualTo(201);
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED_READERS; i++) {
                stalled.add(HttpWire.sendGet(port, HttpWire.detailsPath(bigCoupon)));
            }
            long slowestClaim = 0;
            long slowestProbe = 0;
            long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            for (int i = 0; System.nanoTime() < end; i++) {
                long start = System.nanoTime();
                Response claim = api.claim("patient_" + i, other);
                long claimed = System.nanoTime();
                Response ready = api.get("/actuator/health/readiness");
                long probed = System.nanoTime();
                assertThat(claim.status())
                        .as("claim %d while %d readers stall: %s", i, STALLED_READERS, claim.body())
                        .isEqualTo(201);
                assertThat(ready.status())
                        .as("readiness while readers stall: %s", ready.body())
                        .isEqualTo(200);
                slowestClaim = Math.max(slowestClaim, (claimed - start) / 1_000_000);
                slowestProbe = Math.max(slowestProbe, (probed - claimed) / 1_000_000);
                Thread.sleep(100);
            }
            assertThat(slowestClaim).as("slowest claim, ms").isLessThan(1_000);
            assertThat(slowestProbe).as("slowest readiness probe, ms").isLessThan(1_000);
        } finally {
            stalled.forEach(HttpWire::reset);
        }
    }

    @Test
    void givenBackendKilledWhileTheListIsRead_details_neverLooksComplete() throws Exception {
        // Readers of earlier tests (clients long gone) may still be reading: the backend to kill is ours.
        awaitNoBackendReadingClaims();
        Answer answer;
        try (Socket socket = HttpWire.sendGet(port, HttpWire.detailsPath(bigCoupon))) {
            assertThat(killTheBackendReadingClaims())
                    .as("a backend reading the claimants, killed")
                    .isTrue();
            answer = HttpWire.read(socket);
        }

        assertThat(answer.complete() && answer.status() == 200 && parsesWhole(answer.body()))
                .as("a complete 200 document after its read failed (%d bytes)", answer.body().length)
                .isFalse();
        // Nothing had been sent when the read failed, so it is the storage failure it is.
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isNotNull();
        assertThat(JSON.readTree(answer.body()).path("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
    }

    @Test
    void givenClientResetsMidDownload_details_logsNoErrorAndServesOn(CapturedOutput output) throws Exception {
        Socket socket = HttpWire.sendGet(port, HttpWire.detailsPath(bigCoupon));
        InputStream in = socket.getInputStream();
        assertThat(in.readNBytes(64 * 1024)).hasSize(64 * 1024);
        int logged = output.length();
        HttpWire.reset(socket);
        // Time for the server to run into the reset and finish the request.
        Thread.sleep(2_000);

        assertThat(api.details(uniqueName("AFTER")).status()).isEqualTo(404);
        String afterReset = output.toString().substring(logged);
        assertThat(afterReset)
                .doesNotContain("ERROR")
                .doesNotContain("Unexpected failure")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    @Test
    void givenTheCurrentETag_details_answers304WithoutBody() {
        String coupon = uniqueName("ETAG");
        api.createCoupon(coupon, 5);
        api.claim("first", coupon);
        Response full = api.details(coupon);
        String etag = full.header("ETag");
        assertThat(full.status()).isEqualTo(200);
        assertThat(etag).isNotBlank();
        String opaque = etag.replaceFirst("^W/", "");

        for (String ifNoneMatch : List.of(etag, "\"other\", " + etag, "*", opaque, "W/" + opaque)) {
            Response cached = detailsIfNoneMatch(coupon, ifNoneMatch);
            assertThat(cached.status()).as("If-None-Match: %s", ifNoneMatch).isEqualTo(304);
            assertThat(cached.body()).isEmpty();
            assertThat(cached.header("ETag")).isEqualTo(etag);
        }
        assertThat(detailsIfNoneMatch(coupon, "\"other\"").status()).isEqualTo(200);
    }

    @Test
    void givenAClaimSinceTheETag_details_answers200WithTheNewStateAndANewETag() {
        String coupon = uniqueName("ETAG");
        api.createCoupon(coupon, 5);
        api.claim("first", coupon);
        String etag = api.details(coupon).header("ETag");
        api.claim("second", coupon);

        Response fresh = detailsIfNoneMatch(coupon, etag);

        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.header("ETag")).isNotBlank().isNotEqualTo(etag);
        assertThat(fresh.json()
                        .path("claimed_by")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .containsExactly("first", "second");
        assertThat(fresh.json().path("remaining_amount").asInt()).isEqualTo(3);
    }

    @Test
    void givenUnknownCoupon_ifNoneMatchAny_answers404() {
        Response response = detailsIfNoneMatch(uniqueName("NOPE"), "*");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.code()).isEqualTo("COUPON_NOT_FOUND");
    }

    @Test
    void givenBigCoupon_details_listsEveryClaimantInOrderWithItsLength() {
        Response response = api.details(bigCoupon);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Length"))
                .isEqualTo(Integer.toString(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        List<String> claimedBy = response.json()
                .path("claimed_by")
                .valueStream()
                .map(JsonNode::asString)
                .toList();
        assertThat(claimedBy).hasSize(BIG);
        for (int i = 0; i < BIG; i += 9_999) {
            assertThat(claimedBy.get(i)).isEqualTo("stalled-shopper-%07d".formatted(i + 1));
        }
        assertThat(claimedBy.getLast()).isEqualTo("stalled-shopper-%07d".formatted(BIG));
    }

    /** A sold-out coupon never changes: once read, it is answered without the database. */
    @Test
    void givenSoldOutCouponReadOnce_details_answer304And200WithTheDatabaseGone() {
        TestPostgres.Connection db = TestPostgres.connection();
        java.util.regex.Matcher url = java.util.regex.Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?(/.*)")
                .matcher(db.jdbcUrl());
        assertThat(url.matches()).as(db.jdbcUrl()).isTrue();
        try (TcpProxy proxy = new TcpProxy(url.group(1), url.group(2) == null ? 5432 : Integer.parseInt(url.group(2)));
                ServiceInstance service = ServiceInstance.start(Map.of(
                        "spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + url.group(3)))) {
            Api instance = service.api();
            String coupon = uniqueName("GONE");
            instance.createCoupon(coupon, 2);
            instance.claim("second", coupon);
            instance.claim("first", coupon);
            Response read = instance.details(coupon);
            assertThat(read.status()).isEqualTo(200);
            proxy.cut();

            Response fromMemory = instance.details(coupon);
            Response notModified =
                    instance.send(HttpRequest.newBuilder(URI.create(instance.base() + HttpWire.detailsPath(coupon)))
                            .header("If-None-Match", read.header("ETag"))
                            .GET()
                            .build());

            assertThat(fromMemory.status()).isEqualTo(200);
            assertThat(fromMemory.body()).isEqualTo(read.body());
            assertThat(fromMemory
                            .json()
                            .path("claimed_by")
                            .valueStream()
                            .map(JsonNode::asString)
                            .toList())
                    .containsExactly("second", "first");
            assertThat(fromMemory.header("ETag")).isEqualTo(read.header("ETag"));
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(instance.details(uniqueName("OTHER")).status())
                    .as("anything else needs the database")
                    .isEqualTo(503);
        }
    }

    private Response detailsIfNoneMatch(String coupon, String ifNoneMatch) {
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + HttpWire.detailsPath(coupon)))
                .header("If-None-Match", ifNoneMatch)
                .GET()
                .build());
    }

    private static final String BACKENDS_READING_CLAIMS = """
            FROM pg_stat_activity
            WHERE pid <> pg_backend_pid() AND datname = current_database() AND state <> 'idle'
              AND query ILIKE '%FROM claims%' AND query ILIKE '%ORDER BY%'""";

    /** Terminates the PostgreSQL backend that reads claimants in claim order, as soon as one is at it. */
    private static boolean killTheBackendReadingClaims() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            List<Boolean> killed = jdbc.sql("SELECT pg_terminate_backend(pid) " + BACKENDS_READING_CLAIMS)
                    .query(Boolean.class)
                    .list();
            if (killed.contains(Boolean.TRUE)) {
                return true;
            }
            Thread.sleep(2);
        }
        return false;
    }

    private static void awaitNoBackendReadingClaims() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (jdbc.sql("SELECT count(*) " + BACKENDS_READING_CLAIMS)
                        .query(Long.class)
                        .single()
                > 0) {
            assertThat(System.nanoTime()).as("earlier reads still running").isLessThan(end);
            Thread.sleep(50);
        }
    }

    private static boolean parsesWhole(byte[] body) {
        try {
            JsonNode document = JSON.readTree(body);
            return document.has("claimed_by");
        } catch (RuntimeException notJson) {
            return false;
        }
    }
}
