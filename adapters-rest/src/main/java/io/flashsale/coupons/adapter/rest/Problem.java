package io.flashsale.coupons.adapter.rest;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * One error answer, an RFC 9457 problem with our {@code code}, and the one place that writes it:
 * every path that answers with a problem (the problem handler, the error page, the servlet filters,
 * Tomcat's error report) builds one of these and lets it write itself in the way that path can.
 *
 * <p>Two renderings reach the wire, as they always have: through Spring MVC ({@link #toResponseEntity()})
 * the body is a {@link ProblemDetail}, which Spring completes with {@code instance} (the request path)
 * and Jackson writes in alphabetical order, {@code code} last; before or outside Spring MVC
 * ({@link #send}, {@link #json()}) the fields go out in RFC 9457's order, without {@code instance}.
 *
 * @param type    status, title, code and type URI of the problem
 * @param detail  the human-readable explanation of this occurrence
 * @param headers headers sent with it besides Content-Type, such as Retry-After; never changed once built
 */
record Problem(ProblemType type, String detail, HttpHeaders headers) {

    /**
     * Retry-After of a 503 the REST adapter decides itself (a claim refused at admission, the database
     * unreachable): claims are decided in milliseconds once admitted, and a database outage that
     * outlasts a second is answered again just as fast. Refusals decided by a use case carry their own
     * ({@code ServiceBusyException.retryAfter()}, {@code coupons.claims.retry-after}).
     */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    /** Writes the bodies outside Spring MVC; the fields are strings and one number, so no settings matter. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A problem with this detail and no extra header. */
    static Problem of(ProblemType type, String detail) {
        return new Problem(type, detail, HttpHeaders.EMPTY);
    }

    /** A problem that says no more than its type's default detail (for most, the status's reason phrase). */
    static Problem of(ProblemType type) {
        return of(type, type.defaultDetail());
    }

    /** The same problem, telling the client to try again after {@code wait}: whole seconds, at least 1. */
    Problem retryAfter(Duration wait) {
        return header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
    }

    /** The same problem with one more header. */
    Problem header(String name, String value) {
        HttpHeaders more = new HttpHeaders();
        more.set(name, value);
        return with(more);
    }

    /** The same problem with {@code more} headers besides its own. */
    Problem with(HttpHeaders more) {
        HttpHeaders all = new HttpHeaders();
        all.addAll(headers);
        all.addAll(more);
        return new Problem(type, detail, HttpHeaders.readOnlyHttpHeaders(all));
    }

    /** The body's fields in RFC 9457's order, then {@code code}. */
    Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", type.type().toString());
        fields.put("title", type.title());
        fields.put("status", type.status().value());
        fields.put("detail", detail);
        fields.put("code", type.code());
        return fields;
    }

    /** The answer of a controller or exception handler, for Spring MVC to write. */
    ResponseEntity<Object> toResponseEntity() {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(type.status(), detail);
        body.setType(type.type());
        body.setTitle(type.title());
        body.setProperty("code", type.code());
        return ResponseEntity.status(type.status())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    /** Writes the whole answer (status, headers, Content-Type, body) where Spring MVC does not run: a filter. */
    void send(HttpServletResponse response) throws IOException {
        response.setStatus(type.status().value());
        headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), fields());
    }

    /** The body alone, for a writer that sets status and headers itself (Tomcat's error report). */
    String json() {
        return JSON.writeValueAsString(fields());
    }
}
