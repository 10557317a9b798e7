package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestBodyLimitFilterTest {

    private static final int MAX = 16;

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(MAX);

    @Test
    void givenADeclaredLengthOverTheLimit_theRequest_isAnswered413AndTheConnectionClosedWithoutReadingIt()
            throws Exception {
        MockHttpServletRequest request = post(new byte[MAX + 1]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain next = new MockFilterChain();

        filter.doFilter(request, response, next);

        assertThat(next.getRequest()).isNull();
        assertThat(request.getInputStream().available()).isEqualTo(MAX + 1);
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        ProblemTest.assertSent(response, 413, """
                {"type":"urn:problem-type:flash-sale-coupons:payload-too-large","title":"Request body too large",\
                "status":413,"detail":"the request body must be at most 16 bytes","code":"PAYLOAD_TOO_LARGE"}""");
    }

    @Test
    void givenNoDeclaredLength_readingPastTheLimit_failsAsSoonAsItPassesIt() throws Exception {
        AtomicReference<InputStream> body = new AtomicReference<>();
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/api/coupons") {
            @Override
            public int getContentLength() {
                return -1;
            }

            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        chunked.setContent(new byte[MAX + 100]);

        filter.doFilter(chunked, new MockHttpServletResponse(), (limited, response) -> {
            try {
                body.set(limited.getInputStream());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(body.get().readNBytes(MAX)).hasSize(MAX);
        assertThatThrownBy(() -> body.get().read())
                .isInstanceOf(RequestBodyLimitFilter.BodyTooLargeException.class)
                .hasMessage("the request body must be at most 16 bytes");
    }

    @Test
    void givenABodyWithinTheLimit_theRequest_goesOnWithItsWholeBody() throws Exception {
        MockFilterChain next = new MockFilterChain();

        filter.doFilter(post(new byte[MAX]), new MockHttpServletResponse(), next);

        assertThat(next.getRequest().getInputStream().readAllBytes()).hasSize(MAX);
    }

    private static MockHttpServletRequest post(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/coupons");
        request.setContent(body);
        return request;
    }
}
