package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import java.time.Duration;

/** The backoff pause between two attempts after a lost race. */
final class Pause {

    private Pause() {}

    /**
     * Sleeps for {@code delay}.
     *
     * @throws ServiceBusyException with {@code retryAfter} when interrupted meanwhile (the interrupt stays set)
     */
    static void sleep(Duration delay, Duration retryAfter) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceBusyException("interrupted while waiting to retry", retryAfter, e);
        }
    }
}
