package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.e2e.Api.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What operators and API users expect beside the contract: health, metrics, docs, nothing else exposed. */
class OperationsIT extends RunningServiceTest {

    @Test
    void givenDatabaseUp_healthLivenessAndReadiness_areUp() {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            Response response = api.get(path);
            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.json().path("status").asString()).as(path).isEqualTo("UP");
        }
    }

    @Test
    void givenClaims_prometheus_countsOutcomesAndLatency() {
        String coupon = uniqueName("METRICS");
        api.createCoupon(coupon, 1);
        api.claim("a", coupon);
        api.claim("b", coupon);

        Response response = api.get("/actuator/prometheus");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body())
                .contains(
                        "coupons_claims_total{", "outcome=\"granted\"", "outcome=\"sold_out\"", "outcome=\"rejected\"")
                .contains("coupons_claim_latency_seconds_bucket")
                .contains("coupons_claims_retries_total")
                .contains("http_server_requests_seconds");
    }

    @Test
    void givenInfo_endpoint_namesTheApp() {
        Response response = api.get("/actuator/info");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("app").path("name").asString()).isEqualTo("Flash Sale Coupons");
    }

    @Test
    void givenOtherActuatorEndpoints_areNotExposed() {
        for (String endpoint : List.of(
                "env",
                "beans",
                "heapdump",
                "threaddump",
                "configprops",
                "loggers",
                "mappings",
                "shutdown",
                "metrics")) {
            assertThat(api.get("/actuator/" + endpoint).status()).as(endpoint).isEqualTo(404);
        }
    }

    @Test
    void givenOpenApi_document_describesEveryEndpointStatusAndCode() {
        Response response = api.get("/v3/api-docs");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body())
                .contains(
                        "/api/coupons",
                        "/api/coupons/claim",
                        "/api/coupons/{name}",
                        "COUPON_ALREADY_EXISTS",
                        "COUPON_NOT_FOUND",
                        "COUPON_ALREADY_CLAIMED",
                        "COUPON_SOLD_OUT",
                        "INVALID_REQUEST",
                        "UNSUPPORTED_MEDIA_TYPE",
                        "SERVICE_UNAVAILABLE",
                        "remaining_amount",
                        "claimed_by");
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(api.get("/swagger-ui.html").status()).isIn(200, 302);
    }

    /**
     * Tomcat closes a kept-alive connection after 100 requests unless told otherwise, and every
     * client then pays for a new connection: a quarter of a cheap endpoint's throughput
     * (bench/FINDINGS.md, 9). The service keeps it for 10,000.
     */
    @Test
    void givenOneClient_thousandRequestsOnOneConnection_theServiceNeverClosesIt() throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            for (int i = 1; i <= 1000; i++) {
                RawHttp.Response response = http.exchange(
                        "GET", "/actuator/health/liveness".getBytes(StandardCharsets.ISO_8859_1), Map.of(), null);
                assertThat(response.status()).as("request %d", i).isEqualTo(200);
                assertThat(response.header("Connection")).as("request %d", i).isNotEqualToIgnoringCase("close");
            }
        }
    }

    @Test
    void givenAnyAnswer_headers_discloseNoServerAndForbidSniffing() {
        for (Response response :
                List.of(api.details(uniqueName("NOPE")), api.get("/actuator/health"), api.post("/api/coupons", "{"))) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Server")).isNull();
            assertThat(response.header("X-Powered-By")).isNull();
        }
    }
}
