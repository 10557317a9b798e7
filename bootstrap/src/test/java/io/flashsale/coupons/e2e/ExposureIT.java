package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.e2e.Api.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What an attacker can learn from us: no stack trace, SQL or Java class name in any answer we can
 * provoke, no actuator endpoint beyond health, info and prometheus, and on every answer the
 * headers that stop sniffing and name no server. Complements OperationsIT and ContractIT.
 */
@Tag("hardening")
class ExposureIT extends RunningServiceTest {

    /** Fixed, so that this suite provokes the same few hundred answers every run; FuzzIT roams. */
    private static final long CORPUS_SEED = 20_261_127L;

    private static final int CORPUS_SIZE = 600;
    private static final int TOMCAT_CORPUS_SIZE = 150;

    /** Traces of the stack, the frameworks, the database or the code that have no business in an answer. */
    private static final List<String> LEAKS = List.of(
            "exception",
            "java.",
            "javax.",
            "jakarta.",
            "org.springframework",
            "org.apache",
            "tools.jackson",
            "com.fasterxml",
            "io.flashsale",
            "com.zaxxer",
            "org.postgresql",
            "liquibase",
            "\tat ",
            "caused by",
            "select ",
            "insert into",
            "update coupons",
            "delete from",
            "sqlstate",
            "psql",
            "hikari",
            "tomcat",
            "stack",
            "trace\"",
            ".java:");

    /** Every endpoint Spring Boot's actuator knows, except the three we expose. */
    private static final List<String> HIDDEN_ENDPOINTS = List.of(
            "auditevents",
            "beans",
            "caches",
            "conditions",
            "configprops",
            "env",
            "env/spring.datasource.password",
            "flyway",
            "heapdump",
            "httpexchanges",
            "integrationgraph",
            "liquibase",
            "logfile",
            "loggers",
            "loggers/ROOT",
            "mappings",
            "metrics",
            "metrics/jvm.memory.used",
            "quartz",
            "sbom",
            "scheduledtasks",
            "sessions",
            "shutdown",
            "startup",
            "threaddump",
            "jolokia",
            "configprops/spring.datasource");

    @Test
    void givenTheFuzzCorpus_everyAnswer_leaksNoStackTraceSqlOrClassNameAndCarriesTheSafetyHeaders() throws IOException {
        HostileRequests corpus = new HostileRequests(CORPUS_SEED);
        List<String> violations = new ArrayList<>();
        int errors = 0;
        try (RawHttp http = new RawHttp(port)) {
            for (int i = 0; i < CORPUS_SIZE + TOMCAT_CORPUS_SIZE; i++) {
                // Then the requests Tomcat answers itself, each whole on a connection of its own.
                HostileRequests.Request request = i < CORPUS_SIZE ? corpus.next() : corpus.protocol();
                RawHttp.Response response;
                if (request.wire() == null) {
                    response = http.exchange(request.method(), request.target(), request.headers(), request.body());
                } else {
                    try (RawHttp once = new RawHttp(port)) {
                        response =
                                once.exchange(request.wire(), request.method().equals("HEAD"));
                    }
                }
                errors += response.status() >= 400 ? 1 : 0;
                String sent = (new String(request.target(), StandardCharsets.UTF_8)
                                + request.headers()
                                + (request.body() == null ? "" : new String(request.body(), StandardCharsets.UTF_8))
                                + (request.wire() == null ? "" : new String(request.wire(), StandardCharsets.UTF_8)))
                        .toLowerCase(Locale.ROOT);
                String leak = leak(response.text(), sent);
                if (leak != null) {
                    violations.add("'" + leak + "' in " + response.status() + " " + response.text() + " <- "
                            + request.describe());
                }
                if (!"nosniff".equals(response.header("X-Content-Type-Options"))) {
                    violations.add("no nosniff on " + response.status() + " <- " + request.describe());
                }
                if (response.header("Server") != null || response.header("X-Powered-By") != null) {
                    violations.add("server named on " + response.status() + " <- " + request.describe());
                }
            }
        }
        System.out.printf(
                "ExposureIT: %d corpus requests, %d error answers checked%n", CORPUS_SIZE + TOMCAT_CORPUS_SIZE, errors);
        assertThat(errors).isGreaterThan(CORPUS_SIZE / 2);
        assertThat(violations).isEmpty();
    }

    @Test
    void givenAllOtherActuatorEndpoints_anyMethod_areNotFound() throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            for (String endpoint : HIDDEN_ENDPOINTS) {
                for (String method : List.of("GET", "POST", "DELETE")) {
                    byte[] body = method.equals("POST") ? "{}".getBytes(StandardCharsets.UTF_8) : null;
                    Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", "application/json");
                    RawHttp.Response response = http.exchange(
                            method, ("/actuator/" + endpoint).getBytes(StandardCharsets.ISO_8859_1), headers, body);
                    assertThat(response.status())
                            .as("%s /actuator/%s", method, endpoint)
                            .isEqualTo(404);
                    assertThat(response.header("Content-Type"))
                            .as("%s /actuator/%s", method, endpoint)
                            .startsWith("application/problem+json");
                }
            }
        }
    }

    @Test
    void givenTheOpenApiDocument_itDescribesTheApiOnly() {
        Response document = api.get("/v3/api-docs");

        assertThat(document.status()).isEqualTo(200);
        List<String> paths = new ArrayList<>();
        document.json().path("paths").propertyNames().forEach(paths::add);
        assertThat(paths).containsExactlyInAnyOrder("/api/coupons", "/api/coupons/claim", "/api/coupons/{name}");
    }

    @Test
    void givenTheActuatorIndex_itLinksOnlyHealthInfoAndPrometheus() {
        Response index = api.get("/actuator");

        assertThat(index.status()).isEqualTo(200);
        List<String> links = new ArrayList<>();
        index.json().path("_links").propertyNames().forEach(links::add);
        assertThat(links)
                .allMatch(link -> link.equals("self")
                        || link.startsWith("health")
                        || link.equals("info")
                        || link.equals("prometheus"));
    }

    @Test
    void givenTheExposedEndpoints_theyRevealNoDetailsConnectionsOrSecrets() {
        for (String path : List.of(
                "/actuator/health",
                "/actuator/health/readiness",
                "/actuator/health/liveness",
                "/actuator/info",
                "/actuator/prometheus")) {
            Response response = api.get(path);
            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.body())
                    .as(path)
                    .doesNotContain(
                            "jdbc:",
                            "password",
                            "postgres://",
                            "components",
                            "PostgreSQL",
                            "diskSpace",
                            "java.home",
                            "user.dir");
        }
        List<String> healthFields = new ArrayList<>();
        api.get("/actuator/health").json().propertyNames().forEach(healthFields::add);
        assertThat(healthFields).containsExactlyInAnyOrder("status", "groups");
    }

    @Test
    void givenAnswersOfEveryKind_headers_forbidSniffingAndNameNoServer() throws IOException {
        String coupon = uniqueName("HEADERS");
        List<Response> answers = new ArrayList<>(List.of(
                api.createCoupon(coupon, 1),
                api.claim("u1", coupon),
                api.claim("u2", coupon),
                api.details(coupon),
                api.details(uniqueName("NOPE")),
                api.post("/api/coupons", "{", "application/json"),
                api.post("/api/coupons", "{}", "text/plain"),
                api.post("/api/coupons", "{\"pad\":\"" + "x".repeat(20_000) + "\"}"),
                api.get("/api/nothing"),
                api.get("/actuator/prometheus"),
                api.get("/v3/api-docs")));
        for (Response answer : answers) {
            assertThat(answer.header("X-Content-Type-Options"))
                    .as(answer.status() + " " + answer.body())
                    .isEqualTo("nosniff");
            assertThat(answer.header("Server"))
                    .as(answer.status() + " " + answer.body())
                    .isNull();
        }
        // Refused by Tomcat before any filter of ours runs: the error valve or page must add the header itself.
        try (RawHttp http = new RawHttp(port)) {
            RawHttp.Response trace =
                    http.exchange("TRACE", "/api/coupons".getBytes(StandardCharsets.ISO_8859_1), Map.of(), null);
            assertThat(trace.status()).isEqualTo(405);
            assertThat(trace.header("X-Content-Type-Options")).isEqualTo("nosniff");
            for (String target : List.of(
                    "/api/coupons/%00",
                    "/api/coupons/%C0%AF", "/api/../../etc/passwd", "/api/coupons/" + "x".repeat(10_000))) {
                RawHttp.Response answer =
                        http.exchange("GET", target.getBytes(StandardCharsets.ISO_8859_1), Map.of(), null);
                assertThat(answer.status()).as(target).isBetween(400, 499);
                assertThat(answer.header("X-Content-Type-Options")).as(target).isEqualTo("nosniff");
                assertThat(answer.header("Server")).as(target).isNull();
                assertThat(leak(answer.text(), target.toLowerCase(Locale.ROOT)))
                        .as(answer.text())
                        .isNull();
            }
        }
    }

    /** The first tell-tale found in the answer that the request did not itself contain, or null. */
    private static String leak(String answer, String sent) {
        String text = answer.toLowerCase(Locale.ROOT);
        return LEAKS.stream()
                .filter(text::contains)
                .filter(term -> !sent.contains(term))
                .findFirst()
                .orElse(null);
    }
}
