package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;

class ProblemTest {

    @Test
    void givenARetryAfter_itIsSentInWholeSecondsAndNeverBelowOne() {
        assertThat(Problem.of(ApiError.SERVICE_UNAVAILABLE)
                        .retryAfter(Duration.ofMillis(200))
                        .headers()
                        .getFirst("Retry-After"))
                .isEqualTo("1");
        assertThat(Problem.of(ApiError.SERVICE_UNAVAILABLE)
                        .retryAfter(Duration.ofMillis(2_900))
                        .headers()
                        .getFirst("Retry-After"))
                .isEqualTo("2");
    }

    @Test
    void givenSpringMvc_theProblem_isAProblemDetailWithItsHeadersAndCode() {
        ResponseEntity<Object> entity =
                ApiError.COUPON_SOLD_OUT.problem("PROMO").header("X-Test", "1").toResponseEntity();

        assertThat(entity.getStatusCode().value()).isEqualTo(409);
        assertThat(entity.getHeaders().getFirst("X-Test")).isEqualTo("1");
        assertThat(entity.getHeaders().getContentType()).hasToString("application/problem+json");
        ProblemDetail body = (ProblemDetail) entity.getBody();
        assertThat(body.getDetail()).isEqualTo("coupon 'PROMO' has no units left");
        assertThat(body.getTitle()).isEqualTo("Coupon sold out");
        assertThat(body.getType()).hasToString("urn:problem-type:flash-sale-coupons:coupon-sold-out");
        assertThat(body.getProperties()).containsEntry("code", "COUPON_SOLD_OUT");
        assertThat(body.getInstance())
                .as("Spring fills it in with the request path")
                .isNull();
    }

    @Test
    void givenAServletResponse_theProblem_writesStatusHeadersAndTheFieldsInRfcOrder() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        Problem.of(ApiError.NOT_FOUND).retryAfter(Duration.ofSeconds(3)).send(response);

        assertSent(response, 404, """
                {"type":"urn:problem-type:flash-sale-coupons:not-found","title":"Not found","status":404,\
                "detail":"Not Found","code":"NOT_FOUND"}""");
        assertThat(response.getHeader("Retry-After")).isEqualTo("3");
        assertThat(response.getContentAsString())
                .isEqualTo(Problem.of(ApiError.NOT_FOUND).json());
    }

    /** {@code response} holds a problem sent outside Spring MVC, with {@code status} and exactly {@code body}. */
    static void assertSent(MockHttpServletResponse response, int status, String body) throws Exception {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).isEqualTo(body);
    }

    @Test
    void givenAStatusOutsideTheCatalogue_theProblem_isNamedAfterIt() {
        assertThat(Problem.of(ApiError.forStatus(418)).json()).isEqualTo("""
                {"type":"urn:problem-type:flash-sale-coupons:i-am-a-teapot","title":"I'm a teapot","status":418,\
                "detail":"I'm a teapot","code":"I_AM_A_TEAPOT"}""");
    }
}
