package io.flashsale.coupons.adapter.messaging;

import io.flashsale.coupons.domain.model.CouponEvent;
import io.flashsale.coupons.domain.port.out.CouponEventPublisher;
import io.flashsale.coupons.domain.port.out.EventBrokerUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes coupon events to a topic exchange, routing key = event type, with publisher confirms and
 * {@code mandatory}: an event counts as delivered only once the broker has confirmed it and routed it
 * to at least one queue. A batch goes out on one channel and its confirms are awaited together.
 */
class AmqpCouponEventPublisher implements CouponEventPublisher {

    private final RabbitTemplate template;
    private final String exchange;
    private final Duration confirmTimeout;
    /** Correlation ids must be unique among the confirms outstanding on a connection, whatever repeats. */
    private final AtomicLong sends = new AtomicLong();

    AmqpCouponEventPublisher(RabbitTemplate template, String exchange, Duration confirmTimeout) {
        this.template = template;
        this.exchange = exchange;
        this.confirmTimeout = confirmTimeout;
    }

    @Override
    public List<PublishAnswer> publish(List<CouponEvent> events) {
        List<CorrelationData> sent = new ArrayList<>(events.size());
        try {
            template.invoke(operations -> {
                for (CouponEvent event : events) {
                    Message message = CouponEventMessages.toMessage(event);
                    CorrelationData correlation = new CorrelationData(sends.incrementAndGet() + ":"
                            + message.getMessageProperties().getMessageId());
                    operations.send(exchange, CouponEventMessages.routingKey(event), message, correlation);
                    sent.add(correlation);
                }
                return null;
            });
        } catch (AmqpException e) {
            if (sent.isEmpty()) {
                throw new EventBrokerUnavailableException("publish coupon events: broker unavailable", e);
            }
            // Those sent before the failure may be confirmed; the rest stay unanswered below.
        }
        return answers(sent, events.size());
    }

    private List<PublishAnswer> answers(List<CorrelationData> sent, int events) {
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        List<PublishAnswer> answers = new ArrayList<>(events);
        for (CorrelationData correlation : sent) {
            answers.add(answer(correlation, deadline));
        }
        while (answers.size() < events) {
            answers.add(PublishAnswer.UNANSWERED);
        }
        return answers;
    }

    private static PublishAnswer answer(CorrelationData correlation, long deadline) {
        try {
            CorrelationData.Confirm confirm = correlation.getFuture()
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!confirm.ack()) {
                return PublishAnswer.REFUSED;
            }
            // A return arrives before its confirm, so it is known by now.
            return correlation.getReturned() != null ? PublishAnswer.RETURNED : PublishAnswer.CONFIRMED;
        } catch (TimeoutException | ExecutionException e) {
            return PublishAnswer.UNANSWERED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PublishAnswer.UNANSWERED;
        }
    }
}
