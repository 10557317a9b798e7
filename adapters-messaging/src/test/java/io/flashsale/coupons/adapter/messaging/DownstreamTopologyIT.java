package io.flashsale.coupons.adapter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.flashsale.coupons.domain.model.CouponEvent;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.out.CouponEventPublisher.PublishAnswer;
import io.flashsale.coupons.testing.DownstreamTopology;
import io.flashsale.coupons.testing.TestRabbit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** The topology README tells consumers to copy, against a real broker: a poison message ends in the DLQ. */
class DownstreamTopologyIT {

    private static final int DELIVERY_LIMIT = 3;

    @Test
    void givenAPoisonClaimAheadOfGoodOnes_consumerRequeuingIt_deadLettersItAfterTheLimitAndServesTheOthers()
            throws Exception {
        TestRabbit.Broker broker = TestRabbit.broker();
        CachingConnectionFactory factory = new CachingConnectionFactory(broker.host(), broker.port());
        factory.setUsername(broker.username());
        factory.setPassword(broker.password());
        factory.setVirtualHost(broker.virtualHost());
        String exchange = "test.events." + UUID.randomUUID();
        DownstreamTopology topology = DownstreamTopology.declare(
                new RabbitAdmin(factory),
                exchange,
                "test.checkout." + UUID.randomUUID(),
                CouponEventMessages.CLAIMED,
                DELIVERY_LIMIT);
        AmqpCouponEventPublisher publisher = new AmqpCouponEventPublisher(factory, exchange, Duration.ofSeconds(10));
        List<CouponEvent> events = LongStream.rangeClosed(1, 6)
                .mapToObj(id -> (CouponEvent)
                        new CouponEvent.Claimed(id, new CouponName("PROMO"), new UserId("u" + id), Instant.now()))
                .toList();
        Set<String> processed = ConcurrentHashMap.newKeySet();
        AtomicInteger poisonDeliveries = new AtomicInteger();
        CountDownLatch goodOnesDone = new CountDownLatch(5);

        try (Connection connection = factory.createConnection()) {
            Channel channel = connection.createChannel(false);
            channel.basicQos(10);
            channel.basicConsume(topology.queue(), false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                        throws java.io.IOException {
                    if ("claim-1".equals(properties.getMessageId())) {
                        // The consumer cannot process this one, whatever it tries: it hands it back.
                        poisonDeliveries.incrementAndGet();
                        channel.basicNack(envelope.getDeliveryTag(), false, true);
                    } else {
                        processed.add(properties.getMessageId());
                        channel.basicAck(envelope.getDeliveryTag(), false);
                        goodOnesDone.countDown();
                    }
                }
            });
            assertThat(publisher.publish(events)).allMatch(PublishAnswer::delivered);

            assertThat(goodOnesDone.await(30, TimeUnit.SECONDS)).isTrue();
            Message deadLetter = new RabbitTemplate(factory).receive(topology.deadLetters(), 30_000);

            assertThat(processed).containsExactlyInAnyOrder("claim-2", "claim-3", "claim-4", "claim-5", "claim-6");
            assertThat(deadLetter).isNotNull();
            assertThat(deadLetter.getMessageProperties().getMessageId()).isEqualTo("claim-1");
            // Dead-lettered once it had failed more than the limit: limit + 1 deliveries in all.
            assertThat(poisonDeliveries.get()).isEqualTo(DELIVERY_LIMIT + 1);
            channel.close();
        } finally {
            factory.destroy();
        }
    }
}
