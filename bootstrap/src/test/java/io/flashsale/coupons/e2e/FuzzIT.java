package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Property: whatever a client sends, the service never fails (500), and every 4xx and 5xx is an RFC
 * 9457 problem with type, title, status, detail and code whose {@code status} is the HTTP status,
 * including the answers Tomcat gives itself (400, 408, 417, 501, 505). Requests come from
 * {@link HostileRequests} with a fresh seed per run (printed on failure; replay with
 * {@code -Dfuzz.seed=...}).
 */
@Tag("hardening")
class FuzzIT extends RunningServiceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final Map<String, Integer> sent = new TreeMap<>();
    private static final Map<Integer, Integer> statuses = new TreeMap<>();
    /** The statuses only Tomcat answers with, and the code that says what happened. */
    private static final Map<Integer, String> TOMCAT_CODES = Map.of(
            408,
            "REQUEST_TIMEOUT",
            417,
            "EXPECTATION_FAILED",
            501,
            "NOT_IMPLEMENTED",
            505,
            "HTTP_VERSION_NOT_SUPPORTED");

    @AfterAll
    static void report() {
        System.out.printf(
                "FuzzIT: seed %d, %d requests by kind %s, by status %s%n",
                SEED, sent.values().stream().mapToInt(Integer::intValue).sum(), sent, statuses);
    }

    @Test
    void givenHostileJsonBodies_post_neverFailsAndEveryErrorIsAProblem() {
        check(4_000, HostileRequests::jsonBody, 1);
    }

    @Test
    void givenUnknownMethodsAndContentTypes_anyEndpoint_neverFailsAndEveryErrorIsAProblem() {
        check(2_000, HostileRequests::method, 2);
        check(1_000, HostileRequests::contentType, 3);
    }

    @Test
    void givenTrickyPaths_anyEndpoint_neverFailsAndEveryErrorIsAProblem() {
        check(2_000, HostileRequests::path, 4);
    }

    @Test
    void givenMixedHostileRequestsAndAcceptHeaders_neverFailsAndEveryErrorIsAProblem() {
        check(500, HostileRequests::accept, 5);
        check(1_000, HostileRequests::next, 6);
    }

    @Test
    void givenRequestsTomcatRefusesItself_anyEndpoint_answersAProblemWhoseStatusIsTheHttpStatus() {
        Set<Integer> seen = check(1_500, HostileRequests::protocol, 7, port);

        assertThat(seen).as("statuses Tomcat gives itself").contains(400, 417, 501, 505);
    }

    @Test
    void givenBodiesThatNeverArrive_tomcatTimesOut_answersAProblem408() {
        try (ServiceInstance impatient = ServiceInstance.start(Map.of("server.tomcat.connection-timeout", "500ms"))) {
            Set<Integer> seen = check(6, HostileRequests::stalled, 8, impatient.port());

            assertThat(seen).containsOnly(408);
        }
    }

    private Set<Integer> check(int tries, Function<HostileRequests, HostileRequests.Request> kind, long stream) {
        return check(tries, kind, stream, port);
    }

    /** Sends {@code tries} requests of one kind, fails on any violation; returns the statuses seen. */
    private static Set<Integer> check(
            int tries, Function<HostileRequests, HostileRequests.Request> kind, long stream, int port) {
        HostileRequests requests = new HostileRequests(SEED * 31 + stream);
        List<String> failures = new ArrayList<>();
        Set<Integer> seen = new TreeSet<>();
        try (RawHttp http = new RawHttp(port)) {
            for (int i = 0; i < tries && failures.size() < 20; i++) {
                HostileRequests.Request request = kind.apply(requests);
                RawHttp.Response response;
                try {
                    response = send(http, port, request);
                    seen.add(response.status());
                } catch (IOException e) {
                    failures.add("no answer (" + e + ") to " + request.describe());
                    continue;
                }
                record(request, response);
                String violation = violation(request, response);
                if (violation != null) {
                    failures.add(violation + " <- " + request.describe());
                }
            }
        }
        assertThat(failures)
                .as("seed %d: replay with -Dfuzz.seed=%d", SEED, SEED)
                .isEmpty();
        return seen;
    }

    /** A request given as whole bytes goes on a connection of its own: it may break the framing. */
    private static RawHttp.Response send(RawHttp http, int port, HostileRequests.Request request) throws IOException {
        if (request.wire() == null) {
            return http.exchange(request.method(), request.target(), request.headers(), request.body());
        }
        try (RawHttp once = new RawHttp(port)) {
            return once.exchange(request.wire(), request.method().equals("HEAD"));
        }
    }

    private static synchronized void record(HostileRequests.Request request, RawHttp.Response response) {
        sent.merge(request.kind(), 1, Integer::sum);
        statuses.merge(response.status(), 1, Integer::sum);
    }

    /** What is wrong with the answer, or null when nothing is. */
    static String violation(HostileRequests.Request request, RawHttp.Response response) {
        int status = response.status();
        if (status < 0) {
            return "connection closed without an answer";
        }
        if (status == 500) {
            return status + " " + response.text();
        }
        if (status < 400) {
            return null;
        }
        String contentType = response.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            return status + " with Content-Type " + contentType + ": " + response.text();
        }
        if (request.method().equals("HEAD")) {
            return null;
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(response.body());
        } catch (RuntimeException e) {
            return status + " with a body that is not JSON: " + response.text();
        }
        for (String field : List.of("type", "title", "detail", "code")) {
            if (!problem.path(field).isString()
                    || problem.path(field).asString().isBlank()) {
                return status + " problem without " + field + ": " + response.text();
            }
        }
        if (problem.path("status").asInt() != status) {
            return status + " problem with status " + problem.path("status") + ": " + response.text();
        }
        String code = TOMCAT_CODES.get(status);
        if (code != null
                && !(problem.path("code").asString().equals(code)
                        && problem.path("title")
                                .asString()
                                .equals(HttpStatus.valueOf(status).getReasonPhrase()))) {
            return status + " problem should have code " + code + " and the status's title: " + response.text();
        }
        return null;
    }
}
