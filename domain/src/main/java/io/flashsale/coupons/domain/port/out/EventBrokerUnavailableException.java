package io.flashsale.coupons.domain.port.out;

/** The message broker could not be reached; no event of the call was confirmed. */
public final class EventBrokerUnavailableException extends RuntimeException {

    public EventBrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
