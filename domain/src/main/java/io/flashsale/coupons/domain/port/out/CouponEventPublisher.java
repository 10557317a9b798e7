package io.flashsale.coupons.domain.port.out;

import io.flashsale.coupons.domain.model.CouponEvent;
import java.util.List;

/** Outgoing port: hands coupon events to the message broker and reports what it accepted. */
public interface CouponEventPublisher {

    /**
     * Publishes {@code events} in their order and waits for the broker's answer to each.
     *
     * @return one answer per event, in the same order
     * @throws EventBrokerUnavailableException when the broker cannot be reached; nothing is confirmed
     */
    List<PublishAnswer> publish(List<CouponEvent> events);

    /** The broker's answer to one event. */
    enum PublishAnswer {
        /** Stored by the broker and routed to at least one queue. */
        CONFIRMED,
        /** No queue is bound for it (mandatory): nobody received it. */
        RETURNED,
        /** The broker refused it (negative acknowledgement). */
        REFUSED,
        /** No answer in time: it may or may not have arrived. */
        UNANSWERED;

        public boolean delivered() {
            return this == CONFIRMED;
        }
    }
}
