package io.flashsale.coupons.adapter.rest;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * What a problem body says besides its detail: the HTTP status it is sent with, a title, a stable
 * machine-readable code and the type URI. Either one of ours ({@link ApiError}) or, for a status
 * our catalogue lacks, one named after that status, so that a body never states another status
 * than the response's.
 */
sealed interface ProblemType permits ApiError, ProblemType.OfStatus {

    /** The base of every problem type URI; the code in lower case with dashes follows. */
    String TYPE_PREFIX = "urn:problem-type:flash-sale-coupons:";

    HttpStatusCode status();

    String title();

    String code();

    default URI type() {
        return URI.create(TYPE_PREFIX + code().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** The standard reason phrase of the status, such as "Not Implemented". */
    default String reasonPhrase() {
        return reasonPhrase(status().value());
    }

    /** The detail when nobody says more than the status: for most, its reason phrase. */
    default String defaultDetail() {
        return reasonPhrase();
    }

    /** The problem as plain JSON fields, for writers outside Spring MVC. */
    default Map<String, Object> problemFields(String detail) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", type().toString());
        fields.put("title", title());
        fields.put("status", status().value());
        fields.put("detail", detail);
        fields.put("code", code());
        return fields;
    }

    default ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(), detail);
        problem.setType(type());
        problem.setTitle(title());
        problem.setProperty("code", code());
        return problem;
    }

    default ResponseEntity<Object> response(String detail) {
        return ResponseEntity.status(status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem(detail));
    }

    default ResponseEntity<Object> response(String detail, Duration retryAfter) {
        return ResponseEntity.status(status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(detail));
    }

    static String reasonPhrase(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }

    /** A status outside our catalogue: its reason phrase as title, its name (or number) as code. */
    record OfStatus(HttpStatusCode status) implements ProblemType {

        @Override
        public String title() {
            return reasonPhrase();
        }

        @Override
        public String code() {
            HttpStatus known = HttpStatus.resolve(status.value());
            return known != null ? known.name() : "HTTP_" + status.value();
        }
    }
}
