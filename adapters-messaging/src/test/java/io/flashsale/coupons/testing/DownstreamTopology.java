package io.flashsale.coupons.testing;

import java.util.Map;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The consumer-side topology a downstream team copies (README, "Consuming the events"): a durable
 * quorum queue bound to {@code coupon.claimed} on the service's topic exchange, with a delivery limit,
 * and a dead-letter exchange and queue where a message ends once it has failed that many deliveries,
 * so that one poison message cannot block the queue.
 *
 * @param queue          the work queue, e.g. {@code checkout.coupon-claimed}
 * @param deadLetters    the dead-letter queue, {@code <queue>.dlq}
 * @param deliveryLimit  failed deliveries (rejected or requeued) before a message is dead-lettered
 */
public record DownstreamTopology(String queue, String deadLetters, int deliveryLimit) {

    /** Declares the topology (idempotent) for {@code queue} on {@code exchange}, routing key {@code routingKey}. */
    public static DownstreamTopology declare(
            RabbitAdmin admin, String exchange, String queue, String routingKey, int deliveryLimit) {
        FanoutExchange deadLetterExchange = new FanoutExchange(queue + ".dlx", true, false);
        Queue deadLetters = QueueBuilder.durable(queue + ".dlq").quorum().build();
        Queue work = QueueBuilder.durable(queue)
                .quorum()
                .deliveryLimit(deliveryLimit)
                .deadLetterExchange(deadLetterExchange.getName())
                .build();
        admin.declareExchange(new TopicExchange(exchange, true, false));
        admin.declareExchange(deadLetterExchange);
        admin.declareQueue(deadLetters);
        admin.declareQueue(work);
        admin.declareBinding(BindingBuilder.bind(deadLetters).to(deadLetterExchange));
        admin.declareBinding(
                new Binding(work.getName(), Binding.DestinationType.QUEUE, exchange, routingKey, Map.of()));
        return new DownstreamTopology(work.getName(), deadLetters.getName(), deliveryLimit);
    }
}
