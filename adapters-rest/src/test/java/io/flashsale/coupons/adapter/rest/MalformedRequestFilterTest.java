package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class MalformedRequestFilterTest {

    private final MalformedRequestFilter filter = new MalformedRequestFilter();

    @ParameterizedTest
    @CsvSource(
            nullValues = "NULL",
            delimiter = '|',
            value = {
                "/api/coupons/x;a=%G0  | NULL      | 400 | invalid-request        | Invalid request        | the request path is not valid percent-encoded UTF-8",
                "/api/coupons/%C0%AF   | NULL      | 400 | invalid-request        | Invalid request        | the request path is not valid percent-encoded UTF-8",
                "/api/coupons/%4       | NULL      | 400 | invalid-request        | Invalid request        | the request path is not valid percent-encoded UTF-8",
                "/api/coupons/x        | n=%ZZ     | 400 | invalid-request        | Invalid request        | the query string is not valid percent-encoded UTF-8",
                "/api/coupons/x        | n=%FF%FE  | 400 | invalid-request        | Invalid request        | the query string is not valid percent-encoded UTF-8",
                "/api/x%5Cy            | NULL      | 400 | invalid-request        | Invalid request        | an encoded slash is allowed only in a coupon name",
                "/actuator/health/a%2f | NULL      | 400 | invalid-request        | Invalid request        | an encoded slash is allowed only in a coupon name"
            })
    void givenAMalformedTarget_theRequest_isRefusedBeforeAnythingDecodesIt(
            String path, String query, int status, String type, String title, String detail) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setQueryString(query);

        assertRefused(
                request,
                status,
                "{\"type\":\"urn:problem-type:flash-sale-coupons:" + type + "\",\"title\":\""
                        + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":\""
                        + type.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/*", "application/*+json"})
    void givenAWildcardContentType_theRequest_isRefused415(String contentType) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/coupons/claim");
        request.setContentType(contentType);

        assertRefused(request, 415, """
                {"type":"urn:problem-type:flash-sale-coupons:unsupported-media-type","title":"Unsupported media type",\
                "status":415,"detail":"the Content-Type of a request body must not be a wildcard",\
                "code":"UNSUPPORTED_MEDIA_TYPE"}""");
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "NULL",
            value = {
                "/api/coupons/a%2Fb, NULL, application/json",
                "/api/coupons/%C3%9C%20%E6%97%A5, n=%C3%9C, NULL",
                "/actuator/health, NULL, nonsense",
                "/api/coupons/x;a=b, NULL, text/plain"
            })
    void givenAWellFormedRequest_theFilter_passesItOn(String path, String query, String contentType) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setQueryString(query);
        request.setContentType(contentType);
        MockFilterChain next = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), next);

        assertThat(next.getRequest()).isSameAs(request);
    }

    @Test
    void givenRawLatin1Bytes_percentEncodedUtf8_refusesThemUnlessTheyAreUtf8() {
        assertThat(MalformedRequestFilter.isPercentEncodedUtf8("/\u00c3\u009c")).isTrue();
        assertThat(MalformedRequestFilter.isPercentEncodedUtf8("/\u00ff")).isFalse();
        assertThat(MalformedRequestFilter.isPercentEncodedUtf8("/\u0100")).isFalse();
    }

    private void assertRefused(MockHttpServletRequest request, int status, String body) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain next = new MockFilterChain();

        filter.doFilter(request, response, next);

        assertThat(next.getRequest()).isNull();
        ProblemTest.assertSent(response, status, body);
    }
}
