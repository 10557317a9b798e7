package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Property: whatever a client sends, the service answers without a 5xx, and every 4xx is an RFC 9457
 * problem with type, title, status, detail and code. Requests come from {@link HostileRequests} with
 * a fresh seed per run (printed on failure; replay with {@code -Dfuzz.seed=...}).
 */
@Tag("hardening")
class FuzzIT extends RunningServiceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final Map<String, Integer> sent = new TreeMap<>();
    private static final Map<Integer, Integer> statuses = new TreeMap<>();

    @AfterAll
    static void report() {
        System.out.printf("FuzzIT: seed %d, %d requests by kind %s, by status %s%n", SEED,
                sent.values().stream().mapToInt(Integer::intValue).sum(), sent, statuses);
    }

    @Test
    void givenHostileJsonBodies_post_neverAnswers5xxAndEvery4xxIsAProblem() {
        check(4_000, HostileRequests::jsonBody, 1);
    }

    @Test
    void givenUnknownMethodsAndContentTypes_anyEndpoint_neverAnswers5xxAndEvery4xxIsAProblem() {
        check(2_000, HostileRequests::method, 2);
        check(1_000, HostileRequests::contentType, 3);
    }

    @Test
    void givenTrickyPaths_anyEndpoint_neverAnswers5xxAndEvery4xxIsAProblem() {
        check(2_000, HostileRequests::path, 4);
    }

    @Test
    void givenMixedHostileRequestsAndAcceptHeaders_neverAnswers5xxAndEvery4xxIsAProblem() {
        check(500, HostileRequests::accept, 5);
        check(1_000, HostileRequests::next, 6);
    }

    private void check(int tries, Function<HostileRequests, HostileRequests.Request> kind, long stream) {
        HostileRequests requests = new HostileRequests(SEED * 31 + stream);
        List<String> failures = new ArrayList<>();
        try (RawHttp http = new RawHttp(port)) {
            for (int i = 0; i < tries && failures.size() < 20; i++) {
                HostileRequests.Request request = kind.apply(requests);
                RawHttp.Response response;
                try {
                    response = http.exchange(request.method(), request.target(), request.headers(), request.body());
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
        assertThat(failures).as("seed %d: replay with -Dfuzz.seed=%d", SEED, SEED).isEmpty();
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
        if (status >= 500) {
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
            if (!problem.path(field).isString() || problem.path(field).asString().isBlank()) {
                return status + " problem without " + field + ": " + response.text();
            }
        }
        if (problem.path("status").asInt() != status) {
            return status + " problem with status " + problem.path("status") + ": " + response.text();
        }
        return null;
    }
}
