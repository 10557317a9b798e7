package io.flashsale.coupons.adapter.rest;

import io.flashsale.coupons.domain.model.CouponAlreadyExistsException;
import io.flashsale.coupons.domain.model.CouponNotFoundException;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import java.net.SocketTimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import tools.jackson.core.JacksonException;

/**
 * The one place where failures become RFC 9457 problems with a stable {@code code}. Details are
 * written for humans and never carry a stack trace, SQL or a class name.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final DisconnectedClientHelper DISCONNECTED_CLIENT =
            new DisconnectedClientHelper(ProblemHandler.class.getName() + ".DisconnectedClient");

    @ExceptionHandler
    ResponseEntity<Object> invalidField(InvalidFieldException e) {
        return Problem.of(ApiError.INVALID_REQUEST, e.getMessage()).toResponseEntity();
    }

    @ExceptionHandler
    ResponseEntity<Object> couponNotFound(CouponNotFoundException e) {
        return ApiError.COUPON_NOT_FOUND.problem(e.name()).toResponseEntity();
    }

    @ExceptionHandler
    ResponseEntity<Object> couponAlreadyExists(CouponAlreadyExistsException e) {
        return ApiError.COUPON_ALREADY_EXISTS.problem(e.name().value()).toResponseEntity();
    }

    @ExceptionHandler
    ResponseEntity<Object> busy(ServiceBusyException e) {
        log.warn("Answered 503: {}", e.getMessage());
        return ApiError.SERVICE_UNAVAILABLE.problem().retryAfter(e.retryAfter()).toResponseEntity();
    }

    /** The one answer to an unreachable database, whichever use case and claim strategy met it. */
    @ExceptionHandler
    ResponseEntity<Object> storageUnavailable(StorageUnavailableException e) {
        log.warn("Answered 503: {}", e.getMessage());
        return Problem.of(ApiError.SERVICE_UNAVAILABLE, "the database is unavailable, try again shortly")
                .retryAfter(Problem.RETRY_AFTER)
                .toResponseEntity();
    }

    /**
     * A client that went away is no failure of ours: a line at DEBUG, no answer. A response already
     * on its way cannot be followed by another: the failure goes on to Tomcat, which breaks the
     * connection off (see {@link ProblemErrorController}); whoever failed there has said why.
     */
    @ExceptionHandler
    ResponseEntity<Object> unexpected(Exception e, HttpServletResponse response) throws Exception {
        if (DISCONNECTED_CLIENT.checkAndLogClientDisconnectedException(e)) {
            return null;
        }
        if (response.isCommitted()) {
            throw e;
        }
        log.error("Unexpected failure", e);
        return ApiError.INTERNAL_ERROR.problem().toResponseEntity();
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (hasCause(e, SocketTimeoutException.class)) {
            // Tomcat has answered 408 already; this keeps the status it chose.
            return Problem.of(ApiError.REQUEST_TIMEOUT).toResponseEntity();
        }
        if (hasCause(e, RequestBodyLimitFilter.BodyTooLargeException.class)) {
            return Problem.of(
                            ApiError.PAYLOAD_TOO_LARGE,
                            causeMessage(e, RequestBodyLimitFilter.BodyTooLargeException.class))
                    .toResponseEntity();
        }
        return Problem.of(ApiError.INVALID_REQUEST, unreadableBody(e)).toResponseEntity();
    }

    /**
     * Everything else Spring MVC refuses (wrong method or content type, unknown path ...) keeps
     * its status and gets our problem shape.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemType error = ApiError.forStatus(status.value());
        String detail = body instanceof ProblemDetail problem && problem.getDetail() != null
                ? problem.getDetail()
                : error.defaultDetail();
        HttpHeaders kept = new HttpHeaders();
        if (headers.getAllow() != null && !headers.getAllow().isEmpty()) {
            kept.setAllow(headers.getAllow());
        }
        if (!headers.getAccept().isEmpty()) {
            kept.setAccept(headers.getAccept());
        }
        return Problem.of(error, detail).with(kept).toResponseEntity();
    }

    /** Names the offending field where the JSON parser knows it. */
    private static String unreadableBody(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = jackson.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return field + " has the wrong type: " + expectation(field);
        }
        if (cause instanceof JacksonException) {
            return "the request body is not a single valid JSON object";
        }
        return "the request body is missing or unreadable";
    }

    private static String expectation(String field) {
        return CreateCouponRequest.AMOUNT.equals(field)
                ? "expected an integer between 1 and 2147483647"
                : "expected a string";
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String causeMessage(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t.getMessage();
            }
        }
        return "";
    }
}
