package io.flashsale.coupons.adapter.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ReturnListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.flashsale.coupons.domain.model.CouponEvent;
import io.flashsale.coupons.domain.port.out.CouponEventPublisher;
import io.flashsale.coupons.domain.port.out.EventBrokerUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Publishes coupon events to a topic exchange, routing key = event type, with publisher confirms and
 * {@code mandatory}: an event counts as delivered only once the broker has confirmed it and routed it to
 * at least one queue. A batch goes out on one channel in confirm mode and its confirms are awaited
 * together.
 *
 * <p>The channel is a plain AMQP channel of its own on Spring's shared connection (which declares the
 * exchange on connecting), kept open across batches and opened again after a failure. Not
 * {@code RabbitTemplate} with correlated confirms: that costs a future, a pending-confirm map entry and an
 * executor task per message; profiled under a claim storm, its confirm callbacks started ~1,000 threads in
 * 30 s. Here a message costs its JSON and frames; answers are matched by delivery tag (confirms) and
 * message id (returns, which the broker sends before the confirm of the same message).
 *
 * <p>Not thread-safe: one thread publishes (the relay); the broker's answers arrive on the connection's
 * thread and are handed over under {@link #lock}.
 */
final class AmqpCouponEventPublisher implements CouponEventPublisher {

    private final ConnectionFactory connections;
    private final String exchange;
    private final Duration confirmTimeout;
    private final Object lock = new Object();
    /** The batch whose answers are awaited; guarded by {@link #lock}. */
    private Batch awaited;

    private Channel channel;

    /**
     * @param connections    Spring's connection factory: its shared connection, its settings
     * @param exchange       the topic exchange to publish to
     * @param confirmTimeout how long to wait for a batch's confirms before calling the rest unanswered
     */
    AmqpCouponEventPublisher(ConnectionFactory connections, String exchange, Duration confirmTimeout) {
        this.connections = connections;
        this.exchange = exchange;
        this.confirmTimeout = confirmTimeout;
    }

    @Override
    public List<PublishAnswer> publish(List<CouponEvent> events) {
        Channel publishing = channel();
        Batch batch = new Batch(publishing.getNextPublishSeqNo(), events);
        synchronized (lock) {
            awaited = batch;
        }
        try {
            for (CouponEvent event : events) {
                publishing.basicPublish(
                        exchange,
                        CouponEventMessages.routingKey(event),
                        true,
                        CouponEventMessages.properties(event),
                        CouponEventMessages.body(event));
                batch.sent++;
            }
        } catch (IOException | ShutdownSignalException e) {
            close();
            if (batch.sent == 0) {
                throw new EventBrokerUnavailableException("publish coupon events: broker unavailable", e);
            }
            // Those sent before the failure may have been confirmed; the rest stay unanswered.
        }
        try {
            return batch.await(System.nanoTime() + confirmTimeout.toNanos());
        } finally {
            synchronized (lock) {
                awaited = null;
            }
        }
    }

    private Channel channel() {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        try {
            Channel opened = connections.createConnection().getDelegate().createChannel();
            opened.confirmSelect();
            opened.addConfirmListener(new Answers());
            opened.addReturnListener(new Returns());
            opened.addShutdownListener(cause -> {
                synchronized (lock) {
                    lock.notifyAll();
                }
            });
            channel = opened;
            return opened;
        } catch (AmqpException | IOException | ShutdownSignalException e) {
            throw new EventBrokerUnavailableException("open a channel for coupon events: broker unavailable", e);
        }
    }

    /** Closes the channel; the next batch opens another. Never throws. */
    void close() {
        Channel open = channel;
        channel = null;
        if (open != null && open.isOpen()) {
            try {
                open.close();
            } catch (IOException | TimeoutException | ShutdownSignalException ignored) {
                // A channel that fails to close is gone anyway.
            }
        }
    }

    /** The answers of one batch: event {@code i} went out with delivery tag {@code firstTag + i}. */
    private final class Batch {

        final long firstTag;
        final PublishAnswer[] answers;
        final boolean[] returned;
        final Map<String, Integer> byMessageId;
        int sent;
        int answered;

        Batch(long firstTag, List<CouponEvent> events) {
            this.firstTag = firstTag;
            this.answers = new PublishAnswer[events.size()];
            this.returned = new boolean[events.size()];
            this.byMessageId = HashMap.newHashMap(events.size());
            for (int i = 0; i < events.size(); i++) {
                byMessageId.put(CouponEventMessages.eventId(events.get(i)), i);
            }
        }

        /** Under {@link #lock}: the broker answered the event with {@code tag} (and all before it if {@code multiple}). */
        void answer(long tag, boolean multiple, boolean ack) {
            int last = (int) Math.min(tag - firstTag, answers.length - 1L);
            int first = multiple ? 0 : last;
            for (int i = Math.max(first, 0); i <= last; i++) {
                if (answers[i] == null) {
                    answers[i] = !ack
                            ? PublishAnswer.REFUSED
                            : returned[i] ? PublishAnswer.RETURNED : PublishAnswer.CONFIRMED;
                    answered++;
                }
            }
            lock.notifyAll();
        }

        /** Under {@link #lock}. */
        void returned(String messageId) {
            Integer index = byMessageId.get(messageId);
            if (index != null) {
                returned[index] = true;
            }
        }

        List<PublishAnswer> await(long deadlineNanos) {
            PublishAnswer[] result;
            boolean complete;
            synchronized (lock) {
                try {
                    long left;
                    while (answered < sent
                            && channel != null
                            && channel.isOpen()
                            && (left = deadlineNanos - System.nanoTime()) > 0) {
                        lock.wait(Math.max(1, left / 1_000_000));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                result = Arrays.copyOf(answers, answers.length);
                complete = answered == answers.length;
            }
            if (!complete) {
                // A channel that left events unanswered is not trusted with the next batch. Closed outside the
                // lock: closing waits for the connection's thread, which may be waiting for the lock.
                close();
            }
            Arrays.setAll(result, i -> result[i] == null ? PublishAnswer.UNANSWERED : result[i]);
            return List.of(result);
        }
    }

    private final class Answers implements ConfirmListener {

        @Override
        public void handleAck(long deliveryTag, boolean multiple) {
            handle(deliveryTag, multiple, true);
        }

        @Override
        public void handleNack(long deliveryTag, boolean multiple) {
            handle(deliveryTag, multiple, false);
        }

        private void handle(long deliveryTag, boolean multiple, boolean ack) {
            synchronized (lock) {
                if (awaited != null && deliveryTag >= awaited.firstTag) {
                    awaited.answer(deliveryTag, multiple, ack);
                }
            }
        }
    }

    private final class Returns implements ReturnListener {

        @Override
        public void handleReturn(
                int replyCode,
                String replyText,
                String exchange,
                String routingKey,
                AMQP.BasicProperties properties,
                byte[] body) {
            synchronized (lock) {
                if (awaited != null && properties.getMessageId() != null) {
                    awaited.returned(properties.getMessageId());
                }
            }
        }
    }
}
