package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.CoyoteAdapter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.coyote.OutputBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tomcat's own refusals, written by the valve on Tomcat's response objects, without a server. */
class ProblemErrorReportValveTest {

    private final ProblemErrorReportValve valve = new ProblemErrorReportValve();
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "400 | invalid-request            | Invalid request            | Bad Request",
                "417 | expectation-failed         | Expectation Failed         | the only expectation supported is Expect: 100-continue",
                "505 | http-version-not-supported | HTTP Version not supported | only HTTP/1.1 and HTTP/1.0 are supported"
            })
    void givenARequestTomcatRefused_theValve_writesItsProblemWithSecurityHeaders(
            int status, String type, String title, String detail) throws Exception {
        Response response = response(status);

        valve.report(null, response, null);

        assertThat(response.getContentType()).isEqualTo("application/problem+json;charset=UTF-8");
        assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(sent.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"urn:problem-type:flash-sale-coupons:"
                        + type + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail
                        + "\",\"code\":\""
                        + type.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "\"}");
    }

    @Test
    void givenNoError_orABodyWrittenAlready_theValve_addsNothing() throws Exception {
        Response fine = response(200);
        valve.report(null, fine, null);

        Response started = response(500);
        started.getOutputStream().write("partial".getBytes(StandardCharsets.UTF_8));
        started.flushBuffer();
        sent.reset();
        valve.report(null, started, null);

        assertThat(fine.getContentType()).isNull();
        assertThat(sent.size()).isZero();
    }

    /** A Tomcat response with {@code status} whose bytes go to {@link #sent}. */
    private Response response(int status) {
        org.apache.coyote.Response coyote = new org.apache.coyote.Response();
        coyote.setOutputBuffer(new OutputBuffer() {
            @Override
            public int doWrite(ByteBuffer chunk) {
                int length = chunk.remaining();
                byte[] bytes = new byte[length];
                chunk.get(bytes);
                sent.writeBytes(bytes);
                return length;
            }

            @Override
            public long getBytesWritten() {
                return sent.size();
            }
        });
        org.apache.coyote.Request coyoteRequest = new org.apache.coyote.Request();
        coyoteRequest.setResponse(coyote);
        // Closing the response also ends the request's body, which Tomcat finds through this note.
        coyoteRequest.setNote(CoyoteAdapter.ADAPTER_NOTES, new Request(new Connector(), coyoteRequest));
        Response response = new Response(coyote);
        response.setStatus(status);
        return response;
    }
}
