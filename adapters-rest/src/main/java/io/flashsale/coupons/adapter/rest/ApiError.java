package io.flashsale.coupons.adapter.rest;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Every error this API answers with: its status and its stable, machine-readable code. */
enum ApiError {
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "Invalid request"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    COUPON_NOT_FOUND(HttpStatus.NOT_FOUND, "Coupon not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    COUPON_ALREADY_EXISTS(HttpStatus.CONFLICT, "Coupon already exists"),
    COUPON_ALREADY_CLAIMED(HttpStatus.CONFLICT, "Coupon already claimed"),
    COUPON_SOLD_OUT(HttpStatus.CONFLICT, "Coupon sold out"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String title;
    private final URI type;

    ApiError(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
        this.type = URI.create("urn:problem-type:flash-sale-coupons:" + name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** The error for a status that Spring MVC or Tomcat chose. */
    static ApiError forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 400 && status < 500 ? INVALID_REQUEST : INTERNAL_ERROR;
        };
    }

    /** The problem as plain JSON fields, for writers outside Spring MVC. */
    Map<String, Object> problemFields(String detail) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", type.toString());
        fields.put("title", title);
        fields.put("status", status.value());
        fields.put("detail", detail);
        fields.put("code", name());
        return fields;
    }

    HttpStatus status() {
        return status;
    }

    ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        problem.setProperty("code", name());
        return problem;
    }

    ResponseEntity<Object> response(String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem(detail));
    }

    ResponseEntity<Object> response(String detail, Duration retryAfter) {
        return ResponseEntity.status(status)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(detail));
    }
}
