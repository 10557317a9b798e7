package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.e2e.Api.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every case of docs/api-contract.md, over HTTP against the running service. */
class ContractIT extends RunningServiceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Nested
    class CreateCoupon {

        @Test
        void givenValidBody_create_answers201WithLocationAndDetails() {
            String name = uniqueName("PROMO");

            Response response = api.createCoupon(name, 100);

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.header("Location")).isEqualTo("/api/coupons/" + name);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(response.json().toString())
                    .isEqualTo("{\"name\":\"" + name + "\",\"amount\":100,\"remaining_amount\":100,\"claimed_by\":[]}");
        }

        @Test
        void givenTakenName_create_answers409CouponAlreadyExists() {
            String name = uniqueName("PROMO");
            api.createCoupon(name, 1);

            Response response = api.createCoupon(name, 5);

            assertProblem(response, 409, "COUPON_ALREADY_EXISTS");
            assertThat(api.details(name).json().path("amount").asInt()).isEqualTo(1);
        }

        @Test
        void givenNamesAtTheLimits_create_acceptsThemExactlyAsSent() {
            for (String name : List.of(
                    "x".repeat(100), "Café 50% \"off\" ünï ✓ " + uniqueName("u"), "lower_" + uniqueName("case"), "a")) {
                String unique = name.length() == 100 || name.equals("a") ? name + "" : name;
                Response created = api.createCoupon(unique, 2_147_483_647L);
                assertThat(created.status()).as(unique).isIn(201, 409);
                Response details = api.details(unique);
                assertThat(details.status()).as(unique).isEqualTo(200);
                assertThat(details.json().path("name").asString()).isEqualTo(unique);
            }
        }

        @Test
        void givenNamesDifferingInCase_create_keepsThemApart() {
            String name = uniqueName("Case");

            assertThat(api.createCoupon(name, 1).status()).isEqualTo(201);
            assertThat(api.createCoupon(name.toUpperCase(), 1).status()).isEqualTo(201);
        }

        @Test
        void givenUnknownExtraField_create_ignoresIt() {
            String name = uniqueName("EXTRA");

            Response response = api.post("/api/coupons", "{\"name\":\"" + name + "\",\"amount\":3,\"colour\":\"red\"}");

            assertThat(response.status()).isEqualTo(201);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{\"amount\":10}",
                    "{\"name\":null,\"amount\":10}",
                    "{\"name\":\"\",\"amount\":10}",
                    "{\"name\":\"   \",\"amount\":10}",
                    "{\"name\":\" lead\",\"amount\":10}",
                    "{\"name\":\"trail \",\"amount\":10}",
                    "{\"name\":\"tab\\there\",\"amount\":10}",
                    "{\"name\":\"nul\\u0000\",\"amount\":10}",
                    "{\"name\":\"a/b\",\"amount\":10}",
                    "{\"name\":\".\",\"amount\":10}",
                    "{\"name\":\"..\",\"amount\":10}",
                    "{\"name\":\"\\ud800\",\"amount\":10}",
                    "{\"name\":12,\"amount\":10}",
                    "{\"name\":true,\"amount\":10}",
                    "{\"name\":[\"x\"],\"amount\":10}",
                    "{\"name\":{\"x\":1},\"amount\":10}",
                })
        void givenInvalidName_create_answers400NamingTheField(String body) {
            Response response = api.post("/api/coupons", body);

            assertProblem(response, 400, "INVALID_REQUEST");
            assertThat(response.json().path("detail").asString()).contains("name");
        }

        @Test
        void givenNameOver100Characters_create_answers400() {
            Response response = api.createCoupon("x".repeat(101), 1);

            assertProblem(response, 400, "INVALID_REQUEST");
            assertThat(response.json().path("detail").asString()).contains("name");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    ",\"amount\":null",
                    ",\"amount\":0",
                    ",\"amount\":-1",
                    ",\"amount\":2147483648",
                    ",\"amount\":99999999999999999999999",
                    ",\"amount\":2.5",
                    ",\"amount\":1.0",
                    ",\"amount\":1e2",
                    ",\"amount\":\"10\"",
                    ",\"amount\":true",
                    ",\"amount\":[1]",
                    ",\"amount\":{}"
                })
        void givenInvalidAmount_create_answers400NamingTheField(String amount) {
            Response response = api.post("/api/coupons", "{\"name\":\"" + uniqueName("AMT") + "\"" + amount + "}");

            assertProblem(response, 400, "INVALID_REQUEST");
            assertThat(response.json().path("detail").asString()).contains("amount");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    " ",
                    "{",
                    "{\"name\":\"x\",",
                    "[]",
                    "[{\"name\":\"x\",\"amount\":1}]",
                    "\"text\"",
                    "42",
                    "null",
                    "{\"name\":\"A\",\"amount\":1} {}",
                    "{\"name\":\"A\",\"amount\":1}x",
                    "{\"name\":\"A\",\"name\":\"B\",\"amount\":1}",
                    "{name:\"A\",amount:1}",
                    "{'name':'A','amount':1}"
                })
        void givenMalformedBody_create_answers400(String body) {
            assertProblem(api.post("/api/coupons", body), 400, "INVALID_REQUEST");
        }

        @ParameterizedTest
        @ValueSource(strings = {"text/plain", "application/xml", "application/x-www-form-urlencoded"})
        void givenWrongContentType_create_answers415(String contentType) {
            Response response =
                    api.post("/api/coupons", "{\"name\":\"" + uniqueName("CT") + "\",\"amount\":1}", contentType);

            assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
        }

        @Test
        void givenNoContentType_create_answers415() {
            Response response = api.post("/api/coupons", "{\"name\":\"" + uniqueName("CT") + "\",\"amount\":1}", null);

            assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
        }

        @Test
        void givenJsonWithCharset_create_isAccepted() {
            Response response = api.post(
                    "/api/coupons",
                    "{\"name\":\"" + uniqueName("CS") + "\",\"amount\":1}",
                    "application/json; charset=UTF-8");

            assertThat(response.status()).isEqualTo(201);
        }

        @Test
        void givenBodyOver16KiB_create_isRefusedWithoutReadingIt() {
            String padding = "x".repeat(17 * 1024);
            Response response = api.post(
                    "/api/coupons",
                    "{\"name\":\"" + uniqueName("BIG") + "\",\"amount\":1,\"pad\":\"" + padding + "\"}");

            assertThat(response.status()).isIn(400, 413);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.code()).isIn("PAYLOAD_TOO_LARGE", "INVALID_REQUEST");
        }

        @Test
        void givenChunkedBodyOver16KiB_create_isRefused() {
            String padding = "x".repeat(17 * 1024);
            byte[] body =
                    ("{\"name\":\"" + uniqueName("BIG") + "\",\"amount\":1,\"pad\":\"" + padding + "\"}").getBytes();
            HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/api/coupons"))
                    .header("Content-Type", "application/json")
                    // A stream of unknown length is sent chunked, without Content-Length.
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                    .build();

            Response response = api.send(request);

            assertThat(response.status()).isIn(400, 413);
            assertThat(response.code()).isIn("PAYLOAD_TOO_LARGE", "INVALID_REQUEST");
        }
    }

    @Nested
    class ClaimCoupon {

        @Test
        void givenStockAndNewUser_claim_answers201WithTheClaim() {
            String coupon = uniqueName("CLAIM");
            api.createCoupon(coupon, 2);

            Response response = api.claim("user_12345", coupon);

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.json().toString())
                    .isEqualTo("{\"user_id\":\"user_12345\",\"coupon_name\":\"" + coupon + "\"}");
            assertThat(api.details(coupon).json().path("remaining_amount").asInt())
                    .isEqualTo(1);
        }

        @Test
        void givenUnknownCoupon_claim_answers404() {
            assertProblem(api.claim("u1", uniqueName("NOPE")), 404, "COUPON_NOT_FOUND");
        }

        @Test
        void givenUserHoldsCoupon_claim_answers409AlreadyClaimed() {
            String coupon = uniqueName("TWICE");
            api.createCoupon(coupon, 5);
            api.claim("u1", coupon);

            assertProblem(api.claim("u1", coupon), 409, "COUPON_ALREADY_CLAIMED");
            assertThat(api.details(coupon).json().path("remaining_amount").asInt())
                    .isEqualTo(4);
        }

        @Test
        void givenNoStockLeft_claim_answers409SoldOut() {
            String coupon = uniqueName("GONE");
            api.createCoupon(coupon, 1);
            api.claim("u1", coupon);

            assertProblem(api.claim("u2", coupon), 409, "COUPON_SOLD_OUT");
        }

        @Test
        void givenHolderOfSoldOutCoupon_claim_answersAlreadyClaimedFirst() {
            String coupon = uniqueName("GONE");
            api.createCoupon(coupon, 1);
            api.claim("u1", coupon);
            api.claim("u2", coupon);

            assertProblem(api.claim("u1", coupon), 409, "COUPON_ALREADY_CLAIMED");
        }

        @Test
        void givenUserIdsDifferingInCase_claim_treatsThemAsDifferentUsers() {
            String coupon = uniqueName("CASE");
            api.createCoupon(coupon, 2);

            assertThat(api.claim("alice", coupon).status()).isEqualTo(201);
            assertThat(api.claim("ALICE", coupon).status()).isEqualTo(201);
        }

        @Test
        void givenInvalidBodyForUnknownCoupon_claim_answers400First() {
            Response response =
                    api.post("/api/coupons/claim", "{\"user_id\":\"\",\"coupon_name\":\"" + uniqueName("NOPE") + "\"}");

            assertProblem(response, 400, "INVALID_REQUEST");
            assertThat(response.json().path("detail").asString()).contains("user_id");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{\"coupon_name\":\"C\"}",
                    "{\"user_id\":null,\"coupon_name\":\"C\"}",
                    "{\"user_id\":\" u\",\"coupon_name\":\"C\"}",
                    "{\"user_id\":\"u\\n\",\"coupon_name\":\"C\"}",
                    "{\"user_id\":\"a/b\",\"coupon_name\":\"C\"}",
                    "{\"user_id\":\".\",\"coupon_name\":\"C\"}",
                    "{\"user_id\":\"..\",\"coupon_name\":\"C\"}",
                    "{\"user_id\":7,\"coupon_name\":\"C\"}",
                    "{\"user_id\":false,\"coupon_name\":\"C\"}",
                })
        void givenInvalidUserId_claim_answers400NamingTheField(String body) {
            Response response = api.post("/api/coupons/claim", body);

            assertProblem(response, 400, "INVALID_REQUEST");
            assertThat(response.json().path("detail").asString()).contains("user_id");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{\"user_id\":\"u\"}",
                    "{\"user_id\":\"u\",\"coupon_name\":\"\"}",
                    "{\"user_id\":\"u\",\"coupon_name\":\"C \"}",
                    "{\"user_id\":\"u\",\"coupon_name\":\".\"}",
                    "{\"user_id\":\"u\",\"coupon_name\":\"..\"}",
                    "{\"user_id\":\"u\",\"coupon_name\":1.5}",
                })
        void givenInvalidCouponName_claim_answers400NamingTheField(String body) {
            Response response = api.post("/api/coupons/claim", body);

            assertProblem(response, 400, "INVALID_REQUEST");
            assertThat(response.json().path("detail").asString()).contains("coupon_name");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "{", "[]", "null", "{\"user_id\":\"u\",\"coupon_name\":\"C\"}]"})
        void givenMalformedBody_claim_answers400(String body) {
            assertProblem(api.post("/api/coupons/claim", body), 400, "INVALID_REQUEST");
        }

        @Test
        void givenWrongOrMissingContentType_claim_answers415() {
            String body = "{\"user_id\":\"u\",\"coupon_name\":\"C\"}";

            assertProblem(api.post("/api/coupons/claim", body, "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
            assertProblem(api.post("/api/coupons/claim", body, null), 415, "UNSUPPORTED_MEDIA_TYPE");
        }
    }

    @Nested
    class CouponDetails {

        @Test
        void givenClaims_details_listsClaimantsInClaimOrder() {
            String coupon = uniqueName("ORDER");
            api.createCoupon(coupon, 5);
            for (String user : List.of("zed", "amy", "mo")) {
                api.claim(user, coupon);
            }

            Response response = api.details(coupon);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(response.json().toString())
                    .isEqualTo("{\"name\":\"" + coupon
                            + "\",\"amount\":5,\"remaining_amount\":2,\"claimed_by\":[\"zed\",\"amy\",\"mo\"]}");
        }

        @Test
        void givenNoClaims_details_showsAnEmptyList() {
            String coupon = uniqueName("EMPTY");
            api.createCoupon(coupon, 5);

            JsonNode claimedBy = api.details(coupon).json().path("claimed_by");

            assertThat(claimedBy.isArray()).isTrue();
            assertThat(claimedBy.size()).isZero();
        }

        @Test
        void givenUnknownName_details_answers404() {
            assertProblem(api.details(uniqueName("NOPE")), 404, "COUPON_NOT_FOUND");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "with space",
                    "quote\"d",
                    "single'quote",
                    "ünïcødé ✓",
                    "percent%20sign",
                    "plus+sign",
                    "hash#tag",
                    "question?mark",
                    "semi;colon",
                    "back\\slash",
                    "日本語クーポン"
                })
        void givenNameNeedingPercentEncoding_details_reachesIt(String prefix) {
            String coupon = uniqueName(prefix);
            assertThat(api.createCoupon(coupon, 1).status()).isEqualTo(201);
            api.claim("u1", coupon);

            Response response = api.details(coupon);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("name").asString()).isEqualTo(coupon);
            assertThat(response.json().path("claimed_by").get(0).asString()).isEqualTo("u1");
        }

        @Test
        void givenEncodedSlashOrInvalidName_details_answersProblemNot5xx() {
            for (String path : List.of("/api/coupons/a%2Fb", "/api/coupons/%20lead", "/api/coupons/%00")) {
                Response response = api.get(path);
                assertThat(response.status()).as(path).isBetween(400, 499);
                assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
            }
        }
    }

    @Nested
    class Errors {

        @Test
        void givenUnknownPath_answersProblem404() {
            assertProblem(api.get("/api/nothing-here"), 404, "NOT_FOUND");
        }

        @Test
        void givenWrongMethod_answersProblem405() {
            Response response = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/coupons/claim"))
                    .DELETE()
                    .build());

            assertProblem(response, 405, "METHOD_NOT_ALLOWED");
        }

        @ParameterizedTest
        @ValueSource(strings = {"TRACE", "PROPFIND", "BREW"})
        void givenTraceOrUnknownMethod_answersProblem405(String method) throws IOException {
            assertRawProblem(raw(method, "/api/coupons/claim", null, null), 405, "METHOD_NOT_ALLOWED");
        }

        @ParameterizedTest
        @ValueSource(strings = {"GET", "POST", "DELETE"})
        void givenErrorPageAskedForDirectly_answersProblem404(String method) throws IOException {
            assertRawProblem(raw(method, "/error", null, null), 404, "NOT_FOUND");
        }

        @Test
        void givenMultipartBody_claim_answers415() throws IOException {
            assertRawProblem(
                    raw(
                            "POST",
                            "/api/coupons/claim",
                            "multipart/form-data",
                            "{\"user_id\":\"u\",\"coupon_name\":\"c\"}"),
                    415,
                    "UNSUPPORTED_MEDIA_TYPE");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/api/coupons/x;a=%G0",
                    "/api/coupons/x;a=%u002F",
                    "/api/coupons/x?n=%ZZ",
                    "/api/coupons/x?n=%FF%FE",
                    "/actuator/health?a=%ZZ",
                    "/actuator/health/x;%",
                    "/api/coupons/%C0%AF"
                })
        void givenMalformedPercentEncodingAnywhereInTheTarget_answersProblem400(String target) throws IOException {
            assertRawProblem(raw("GET", target, null, null), 400, "INVALID_REQUEST");
        }

        @ParameterizedTest
        @ValueSource(strings = {"PUT", "PATCH", "DELETE"})
        void givenUndecodableFormBody_answersProblem405(String method) throws IOException {
            assertRawProblem(
                    raw(method, "/api/coupons/claim", "application/x-www-form-urlencoded", "a=%ZZ&b=%FF"),
                    405,
                    "METHOD_NOT_ALLOWED");
        }

        @ParameterizedTest
        @ValueSource(strings = {"*/*", "application/*", "application/*+json"})
        void givenWildcardContentType_anyEndpoint_answersProblem415(String contentType) throws IOException {
            assertRawProblem(
                    raw("POST", "/api/coupons/claim", contentType, "{\"user_id\":\"u\",\"coupon_name\":\"c\"}"),
                    415,
                    "UNSUPPORTED_MEDIA_TYPE");
            assertRawProblem(raw("GET", "/actuator/health", contentType, null), 415, "UNSUPPORTED_MEDIA_TYPE");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/actuator/health/a%2Fb", "/actuator/health/%2F..%2F", "/api/x%5Cy"})
        void givenEncodedSlashOutsideACouponName_answersProblem400(String target) throws IOException {
            assertRawProblem(raw("GET", target, null, null), 400, "INVALID_REQUEST");
        }

        @Test
        void givenAnyProblem_body_carriesNoStackTraceSqlOrClassName() {
            List<Response> problems = List.of(
                    api.post("/api/coupons", "{\"name\":\"x\",\"amount\":\"lots\"}"),
                    api.post("/api/coupons", "{oops"),
                    api.post("/api/coupons/claim", "{\"user_id\":[],\"coupon_name\":{}}"),
                    api.details(uniqueName("NOPE")));

            for (Response problem : problems) {
                assertThat(problem.body())
                        .doesNotContainIgnoringCase("exception")
                        .doesNotContain("tools.jackson", "java.", "io.flashsale", "SELECT", "INSERT", "\tat ");
            }
        }
    }

    private RawHttp.Response raw(String method, String target, String contentType, String body) throws IOException {
        try (RawHttp http = new RawHttp(api.port())) {
            Map<String, String> headers = contentType == null ? Map.of() : Map.of("Content-Type", contentType);
            return http.exchange(
                    method,
                    target.getBytes(StandardCharsets.ISO_8859_1),
                    headers,
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        }
    }

    static void assertRawProblem(RawHttp.Response response, int status, String code) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("type").asString()).isNotBlank();
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
    }

    static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("type").asString()).isNotBlank();
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
    }
}
