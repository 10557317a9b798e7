package io.flashsale.coupons.adapter.rest;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Every error this API answers with, the one catalogue of them: status, stable machine-readable
 * code, title, and the detail we write, so that the answers and the OpenAPI document's examples
 * ({@link ProblemResponses}) say the same.
 */
enum ApiError implements ProblemType {
    /** The detail names the field and the rule it broke, or what is wrong with the body. */
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "Invalid request"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    /** Detail argument: the coupon's name. */
    COUPON_NOT_FOUND(HttpStatus.NOT_FOUND, "Coupon not found", "no coupon is named '%s'"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    /** Detail argument: the coupon's name. */
    COUPON_ALREADY_EXISTS(HttpStatus.CONFLICT, "Coupon already exists", "a coupon named '%s' exists already"),
    /** Detail arguments: the user id, the coupon's name. */
    COUPON_ALREADY_CLAIMED(HttpStatus.CONFLICT, "Coupon already claimed", "user '%s' already holds coupon '%s'"),
    /** Detail argument: the coupon's name. */
    COUPON_SOLD_OUT(HttpStatus.CONFLICT, "Coupon sold out", "coupon '%s' has no units left"),
    /** Detail argument: the limit in bytes. */
    PAYLOAD_TOO_LARGE(
            HttpStatus.CONTENT_TOO_LARGE,
            "Request body too large",
            HttpStatus.CONTENT_TOO_LARGE.getReasonPhrase(),
            "the request body must be at most %d bytes"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    SERVICE_UNAVAILABLE(
            HttpStatus.SERVICE_UNAVAILABLE,
            "Service unavailable",
            HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase(),
            "the service is busy, try again shortly"),
    INTERNAL_ERROR(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "Internal error",
            HttpStatus.INTERNAL_SERVER_ERROR.getReasonPhrase(),
            "an unexpected error occurred"),
    // Tomcat answers these itself (Http11Processor, its InputBuffer), before any filter runs.
    REQUEST_TIMEOUT(
            HttpStatus.REQUEST_TIMEOUT,
            HttpStatus.REQUEST_TIMEOUT.getReasonPhrase(),
            "the request body stopped arriving before it was complete"),
    EXPECTATION_FAILED(
            HttpStatus.EXPECTATION_FAILED,
            HttpStatus.EXPECTATION_FAILED.getReasonPhrase(),
            "the only expectation supported is Expect: 100-continue"),
    NOT_IMPLEMENTED(
            HttpStatus.NOT_IMPLEMENTED,
            HttpStatus.NOT_IMPLEMENTED.getReasonPhrase(),
            "the request needs what this server does not implement: a transfer coding other than chunked, or CONNECT"),
    HTTP_VERSION_NOT_SUPPORTED(
            HttpStatus.HTTP_VERSION_NOT_SUPPORTED,
            HttpStatus.HTTP_VERSION_NOT_SUPPORTED.getReasonPhrase(),
            "only HTTP/1.1 and HTTP/1.0 are supported");

    /**
     * The error a status stands for when nothing more is known: the first entry with that status,
     * never a coupon's outcome (a bare 409 is no sold-out coupon).
     */
    private static final Map<Integer, ApiError> BY_STATUS = EnumSet.complementOf(
                    EnumSet.of(COUPON_NOT_FOUND, COUPON_ALREADY_EXISTS, COUPON_ALREADY_CLAIMED, COUPON_SOLD_OUT))
            .stream()
            .collect(Collectors.toMap(error -> error.status.value(), Function.identity(), (first, later) -> first));

    private final HttpStatus status;
    private final String title;
    private final String defaultDetail;
    private final String detailFormat;

    ApiError(HttpStatus status, String title) {
        this(status, title, status.getReasonPhrase());
    }

    /** {@code detail} is what we say, and what is said where no one says more, as for Tomcat's own answers. */
    ApiError(HttpStatus status, String title, String detail) {
        this(status, title, detail, detail);
    }

    /**
     * @param defaultDetail explains the error where only its status is known (Tomcat or Spring chose it)
     * @param detailFormat  what we say when we answer with it ourselves, a {@link String#format} pattern
     *                      for the arguments listed on the entry
     */
    ApiError(HttpStatus status, String title, String defaultDetail, String detailFormat) {
        this.status = status;
        this.title = title;
        this.defaultDetail = defaultDetail;
        this.detailFormat = detailFormat;
    }

    /**
     * The problem for a status that Spring MVC or Tomcat chose: ours for that status, or one named
     * after the status itself; either way its status is {@code status}.
     */
    static ProblemType forStatus(int status) {
        ApiError ours = BY_STATUS.get(status);
        return ours != null ? ours : new ProblemType.OfStatus(HttpStatusCode.valueOf(status));
    }

    /** The detail we write for this error, with the arguments its entry lists. */
    String detail(Object... arguments) {
        return arguments.length == 0 ? detailFormat : String.format(Locale.ROOT, detailFormat, arguments);
    }

    /** This error with the detail we write for it ({@link #detail}). */
    Problem problem(Object... arguments) {
        return Problem.of(this, detail(arguments));
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String code() {
        return name();
    }

    @Override
    public String defaultDetail() {
        return defaultDetail;
    }
}
