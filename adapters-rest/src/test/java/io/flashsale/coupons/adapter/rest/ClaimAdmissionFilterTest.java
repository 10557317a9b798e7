package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ClaimAdmissionFilterTest {

    private final ClaimAdmissionFilter filter = new ClaimAdmissionFilter(1);

    @Test
    void givenEveryPlaceTaken_aFurtherClaim_isAnswered503WithRetryAfterWithoutGoingOn() throws Exception {
        MockHttpServletResponse refused = new MockHttpServletResponse();
        AtomicInteger passedOn = new AtomicInteger();
        // The first claim, while in flight, lets a second one arrive.
        filter.doFilter(claim(), new MockHttpServletResponse(), (request, response) -> {
            passedOn.incrementAndGet();
            filter.doFilter(claim(), refused, (again, answer) -> passedOn.incrementAndGet());
        });

        assertThat(passedOn).hasValue(1);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        ProblemTest.assertSent(refused, 503, """
                {"type":"urn:problem-type:flash-sale-coupons:service-unavailable","title":"Service unavailable",\
                "status":503,"detail":"the service is busy, try again shortly","code":"SERVICE_UNAVAILABLE"}""");
    }

    @Test
    void givenAClaimAnswered_itsPlace_isFreeAgain() throws Exception {
        filter.doFilter(claim(), new MockHttpServletResponse(), new MockFilterChain());
        MockFilterChain next = new MockFilterChain();

        filter.doFilter(claim(), new MockHttpServletResponse(), next);

        assertThat(next.getRequest()).isNotNull();
    }

    @Test
    void givenEveryPlaceTaken_aGet_isNotCounted() throws Exception {
        MockFilterChain get = new MockFilterChain();
        filter.doFilter(
                claim(),
                new MockHttpServletResponse(),
                (request, response) -> filter.doFilter(
                        new MockHttpServletRequest("GET", RestAdapterConfiguration.CLAIM_PATH),
                        new MockHttpServletResponse(),
                        get));

        assertThat(get.getRequest()).isNotNull();
    }

    private static MockHttpServletRequest claim() {
        return new MockHttpServletRequest("POST", RestAdapterConfiguration.CLAIM_PATH);
    }
}
