package io.flashsale.coupons.domain.port.in;

import java.time.Duration;

/**
 * A request could not be decided now (queue full, deadline passed, storage unreachable). The
 * caller may try again after {@code retryAfter}; a retried claim is never granted twice.
 */
public class ServiceBusyException extends RuntimeException {

    private final Duration retryAfter;

    public ServiceBusyException(String message, Duration retryAfter) {
        this(message, retryAfter, null);
    }

    public ServiceBusyException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
