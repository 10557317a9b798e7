package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every answer the REST adapter gives, byte for byte, on a real Tomcat with stub use cases: the
 * contract's outcomes and each refusal by Tomcat, a filter, Spring MVC or the problem handler.
 * {@code problem-wire.txt} holds the expected exchanges (request, then the response without its
 * Date header); a changed byte anywhere fails, and the actual exchanges are left in
 * {@code target/problem-wire.actual.txt} to compare.
 */
@SpringBootTest(
        classes = StubApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.servlet.multipart.enabled=false", "spring.mvc.formcontent.filter.enabled=false"})
class ProblemWireIT {

    private static final String JSON = "Content-Type: application/json\r\n";
    private static final String BIG = "{\"name\":\"" + "x".repeat(17_000) + "\",\"amount\":1}";

    /** Request line and headers (without Host and the blank line), then the body if any. */
    private static final List<String[]> EXCHANGES = List.of(
            post("/api/coupons", JSON, "{\"name\":\"PROMO\",\"amount\":10}"),
            post("/api/coupons", JSON, "{\"name\":\"PROMO\",\"amount\":1,\"extra\":true}"),
            post("/api/coupons", "Content-Type: application/json;charset=UTF-8\r\n", "{\"name\":\"Ü 日\",\"amount\":1}"),
            post("/api/coupons", JSON, "{\"name\":\"" + StubApplication.TAKEN + "\",\"amount\":10}"),
            post("/api/coupons", JSON, "{\"amount\":10}"),
            post("/api/coupons", JSON, "{\"name\":null,\"amount\":10}"),
            post("/api/coupons", JSON, "{\"name\":\" lead\",\"amount\":10}"),
            post("/api/coupons", JSON, "{\"name\":\"a/b\",\"amount\":10}"),
            post("/api/coupons", JSON, "{\"name\":\"..\",\"amount\":10}"),
            post("/api/coupons", JSON, "{\"name\":\"" + "x".repeat(101) + "\",\"amount\":10}"),
            post("/api/coupons", JSON, "{\"name\":\"nul\\u0000\",\"amount\":10}"),
            post("/api/coupons", JSON, "{\"name\":\"\\ud800\",\"amount\":10}"),
            post("/api/coupons", JSON, "{\"name\":12,\"amount\":10}"),
            post("/api/coupons", JSON, "{\"name\":[\"x\"],\"amount\":10}"),
            post("/api/coupons", JSON, "{\"name\":\"A\"}"),
            post("/api/coupons", JSON, "{\"name\":\"A\",\"amount\":null}"),
            post("/api/coupons", JSON, "{\"name\":\"A\",\"amount\":0}"),
            post("/api/coupons", JSON, "{\"name\":\"A\",\"amount\":2147483648}"),
            post("/api/coupons", JSON, "{\"name\":\"A\",\"amount\":99999999999999999999999}"),
            post("/api/coupons", JSON, "{\"name\":\"A\",\"amount\":2.5}"),
            post("/api/coupons", JSON, "{\"name\":\"A\",\"amount\":1e2}"),
            post("/api/coupons", JSON, "{\"name\":\"A\",\"amount\":\"10\"}"),
            post("/api/coupons", JSON, "{\"name\":\"A\",\"amount\":true}"),
            post("/api/coupons", JSON, "{\"name\":\"A\",\"amount\":{}}"),
            post("/api/coupons", JSON, ""),
            post("/api/coupons", JSON, "{"),
            post("/api/coupons", JSON, "[]"),
            post("/api/coupons", JSON, "null"),
            post("/api/coupons", JSON, "{\"name\":\"A\",\"amount\":1}x"),
            post("/api/coupons", JSON, "{\"name\":\"A\",\"amount\":1} {}"),
            post("/api/coupons", JSON, "{\"name\":\"A\",\"name\":\"B\",\"amount\":1}"),
            post("/api/coupons", JSON, "{'name':'A','amount':1}"),
            post("/api/coupons", "Content-Type: text/plain\r\n", "{\"name\":\"A\",\"amount\":1}"),
            post("/api/coupons", "", "{\"name\":\"A\",\"amount\":1}"),
            post("/api/coupons", "Content-Type: */*\r\n", "{\"name\":\"A\",\"amount\":1}"),
            post("/api/coupons", "Content-Type: application/*+json\r\n", "{\"name\":\"A\",\"amount\":1}"),
            post("/api/coupons", "Content-Type: nonsense\r\n", "{\"name\":\"A\",\"amount\":1}"),
            post("/api/coupons", JSON, BIG),
            raw(
                    "POST /api/coupons HTTP/1.1\r\n" + JSON + "Transfer-Encoding: chunked\r\n",
                    Integer.toHexString(BIG.length()) + "\r\n" + BIG + "\r\n0\r\n\r\n"),
            post("/api/coupons", JSON, "{\"name\":\"" + StubApplication.DOWN + "\",\"amount\":1}"),
            post("/api/coupons", JSON, "{\"name\":\"" + StubApplication.BUSY + "\",\"amount\":1}"),
            post("/api/coupons", JSON, "{\"name\":\"" + StubApplication.BOOM + "\",\"amount\":1}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":\"u1\",\"coupon_name\":\"PROMO\"}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":\"u1\",\"coupon_name\":\"" + StubApplication.HELD + "\"}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":\"u1\",\"coupon_name\":\"" + StubApplication.SOLD + "\"}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":\"u1\",\"coupon_name\":\"" + StubApplication.NONE + "\"}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":\"u1\",\"coupon_name\":\"" + StubApplication.BUSY + "\"}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":\"u1\",\"coupon_name\":\"" + StubApplication.DOWN + "\"}"),
            post("/api/coupons/claim", JSON, "{\"coupon_name\":\"C\"}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":\" u\",\"coupon_name\":\"C\"}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":\".\",\"coupon_name\":\"C\"}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":7,\"coupon_name\":\"C\"}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":\"u\"}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":\"u\",\"coupon_name\":\"\"}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":\"u\",\"coupon_name\":\"C \"}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":\"u\",\"coupon_name\":1.5}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":[],\"coupon_name\":{}}"),
            post("/api/coupons/claim", JSON, "{\"user_id\":\"u\",\"coupon_name\":\"C\"}]"),
            post("/api/coupons/claim", "Content-Type: text/plain\r\n", "{\"user_id\":\"u\",\"coupon_name\":\"C\"}"),
            post("/api/coupons/claim", "", "{\"user_id\":\"u\",\"coupon_name\":\"C\"}"),
            post("/api/coupons/claim", "Content-Type: multipart/form-data\r\n", "{\"user_id\":\"u\"}"),
            get("/api/coupons/PROMO", ""),
            get("/api/coupons/PROMO", "If-None-Match: W/\"3-8\"\r\n"),
            get("/api/coupons/PROMO", "If-None-Match: *\r\n"),
            get("/api/coupons/PROMO", "Accept: text/html\r\n"),
            get("/api/coupons/" + StubApplication.NONE, ""),
            get("/api/coupons/%20lead", ""),
            get("/api/coupons/a%2Fb", ""),
            get("/api/coupons/%00", ""),
            get("/api/coupons/" + StubApplication.BOOM, ""),
            get("/api/coupons/" + StubApplication.DOWN, ""),
            get("/api/coupons/" + StubApplication.BUSY, ""),
            get("/api/nothing-here", ""),
            get("/api/coupons/x;a=%G0", ""),
            get("/api/coupons/x?n=%ZZ", ""),
            get("/api/coupons/x?n=%FF%FE", ""),
            get("/api/coupons/%C0%AF", ""),
            get("/api/x%5Cy", ""),
            get("/actuator/health/a%2Fb", ""),
            get("/error", ""),
            raw("POST /error HTTP/1.1\r\n", null),
            raw("DELETE /api/coupons/claim HTTP/1.1\r\n", null),
            raw("TRACE /api/coupons/claim HTTP/1.1\r\n", null),
            raw("BREW /api/coupons/claim HTTP/1.1\r\n", null),
            raw(
                    "PUT /api/coupons/claim HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n",
                    "a=%ZZ&b=%FF"),
            raw("POST /api/coupons HTTP/1.1\r\n" + JSON + "Expect: something-else\r\n", "{}"),
            raw("POST /api/coupons HTTP/1.1\r\n" + JSON + "Transfer-Encoding: gzip\r\n", "{}"),
            raw("GET /api/coupons/PROMO HTTP/2.0\r\n", null));

    @LocalServerPort
    int port;

    @Test
    void givenEveryKindOfRequest_theAdapter_answersExactlyAsRecorded() throws IOException {
        StringBuilder actual = new StringBuilder();
        for (String[] exchange : EXCHANGES) {
            actual.append("### ")
                    .append(abbreviate(exchange[0] + (exchange[1] == null ? "" : exchange[1])))
                    .append('\n')
                    .append(send(exchange[0], exchange[1]))
                    .append("\n\n");
        }
        Path written = Path.of("target", "problem-wire.actual.txt");
        Files.writeString(written, actual);
        String expected;
        try (InputStream in = ProblemWireIT.class.getResourceAsStream("problem-wire.txt")) {
            expected = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual.toString())
                .as("compare with " + written.toAbsolutePath())
                .isEqualTo(expected);
    }

    private static String[] post(String path, String headers, String body) {
        return new String[] {"POST " + path + " HTTP/1.1\r\n" + headers, body};
    }

    private static String[] raw(String head, String body) {
        return new String[] {head, body};
    }

    private static String[] get(String path, String headers) {
        return new String[] {"GET " + path + " HTTP/1.1\r\n" + headers, null};
    }

    /** One request on a connection of its own, closed by us; the answer without its Date header. */
    private String send(String head, String body) throws IOException {
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(head).append("Host: localhost\r\nConnection: close\r\n");
        if (body != null && !head.contains("Transfer-Encoding")) {
            request.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(bodyBytes);
                out.flush();
            } catch (IOException refusedBeforeTheBody) {
                // The server answered and closed without reading it all; its answer is still there.
            }
            String answer = new String(Sockets.readUntilClosed(socket.getInputStream()), StandardCharsets.UTF_8);
            return sortAllow(answer.replaceAll("(?m)^Date: .*\r\n", "")
                    .replace("\r\n", "\n")
                    .strip());
        }
    }

    /** Spring MVC lists allowed methods in the order of a hash set, which varies between runs. */
    private static String sortAllow(String answer) {
        return Pattern.compile("(?m)^Allow: (.*)$").matcher(answer).replaceAll(allow -> {
            String separator = allow.group(1).contains(", ") ? ", " : ",";
            return "Allow: "
                    + String.join(
                            separator,
                            Arrays.stream(allow.group(1).split(separator))
                                    .sorted()
                                    .toList());
        });
    }

    private static String abbreviate(String request) {
        String oneLine = request.replace("\r\n", " | ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
