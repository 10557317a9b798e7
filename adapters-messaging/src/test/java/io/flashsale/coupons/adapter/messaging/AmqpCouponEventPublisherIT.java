package io.flashsale.coupons.adapter.messaging;

import static io.flashsale.coupons.domain.port.out.CouponEventPublisher.PublishAnswer.CONFIRMED;
import static io.flashsale.coupons.domain.port.out.CouponEventPublisher.PublishAnswer.RETURNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.domain.model.CouponEvent;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.out.CouponEventPublisher;
import io.flashsale.coupons.domain.port.out.EventBrokerUnavailableException;
import io.flashsale.coupons.testing.TestRabbit;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** The publisher against a real broker: confirms, returns, the wire format, an unreachable broker. */
class AmqpCouponEventPublisherIT {

    private final String exchange = "test.events." + UUID.randomUUID();
    private final List<CachingConnectionFactory> factories = new ArrayList<>();

    @AfterEach
    void close() {
        factories.forEach(CachingConnectionFactory::destroy);
    }

    @Test
    void givenAQueueBoundToClaims_publish_confirmsEachAndTheyArriveInOrderAsJson() {
        CachingConnectionFactory factory = factory(TestRabbit.broker());
        Queue queue = bindQueueToClaims(factory);
        Instant claimedAt = Instant.parse("2026-12-01T10:15:30.123456Z");
        List<CouponEvent> events = List.of(claimed(7, claimedAt), claimed(8, claimedAt));

        List<CouponEventPublisher.PublishAnswer> answers = publisher(factory).publish(events);

        assertThat(answers).containsExactly(CONFIRMED, CONFIRMED);
        RabbitTemplate reader = new RabbitTemplate(factory);
        Message first = reader.receive(queue.getName(), 5_000);
        Message second = reader.receive(queue.getName(), 5_000);
        assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("""
                {"schema_version":1,"event_type":"coupon.claimed","event_id":"claim-7","claim_id":7,\
                "coupon_name":"PROMO Café","user_id":"user_7","claimed_at":"2026-12-01T10:15:30.123456Z"}""");
        assertThat(first.getMessageProperties().getMessageId()).isEqualTo("claim-7");
        assertThat(first.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(first.getMessageProperties().getContentType()).isEqualTo("application/json");
        assertThat(first.getMessageProperties().getReceivedRoutingKey()).isEqualTo("coupon.claimed");
        assertThat(first.getMessageProperties().<Integer>getHeader("schema_version"))
                .isEqualTo(1);
        assertThat(second.getMessageProperties().getMessageId()).isEqualTo("claim-8");
    }

    @Test
    void givenNoQueueBoundForSoldOut_publish_answersReturnedForItOnly() {
        CachingConnectionFactory factory = factory(TestRabbit.broker());
        bindQueueToClaims(factory);
        Instant at = Instant.now();
        CouponEvent soldOut = new CouponEvent.SoldOut(new CouponName("PROMO Café"), 1, 9, at);

        assertThat(publisher(factory).publish(List.of(claimed(9, at), soldOut))).containsExactly(CONFIRMED, RETURNED);
    }

    @Test
    void givenTheConnectionLostBetweenBatches_publish_opensAnotherChannelAndConfirms() {
        CachingConnectionFactory factory = factory(TestRabbit.broker());
        bindQueueToClaims(factory);
        AmqpCouponEventPublisher publisher = publisher(factory);
        Instant at = Instant.now();
        assertThat(publisher.publish(List.of(claimed(1, at)))).containsExactly(CONFIRMED);

        factory.resetConnection();

        assertThat(publisher.publish(List.of(claimed(2, at), claimed(3, at)))).containsExactly(CONFIRMED, CONFIRMED);
    }

    @Test
    void givenABatchOfAThousand_publish_answersEachInOrder() {
        CachingConnectionFactory factory = factory(TestRabbit.broker());
        RabbitAdmin admin = declareExchange(factory);
        Queue queue = bindQueueToClaims(factory);
        Instant at = Instant.now();
        List<CouponEvent> events = new ArrayList<>();
        for (int i = 1; i <= 1_000; i++) {
            events.add(claimed(i, at));
        }
        events.add(new CouponEvent.SoldOut(new CouponName("PROMO Café"), 1_000, 1_000, at));

        List<CouponEventPublisher.PublishAnswer> answers = publisher(factory).publish(events);

        assertThat(answers).hasSize(1_001);
        assertThat(answers.subList(0, 1_000)).containsOnly(CONFIRMED);
        assertThat(answers.getLast()).isEqualTo(RETURNED);
        assertThat(admin.getQueueInfo(queue.getName()).getMessageCount()).isEqualTo(1_000);
    }

    @Test
    void givenNoBrokerListening_publish_saysTheBrokerIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CachingConnectionFactory factory = factory(TestRabbit.broker().at("127.0.0.1", closedPort));

        assertThatThrownBy(() -> publisher(factory).publish(List.of(claimed(1, Instant.now()))))
                .isInstanceOf(EventBrokerUnavailableException.class);
    }

    private AmqpCouponEventPublisher publisher(CachingConnectionFactory factory) {
        return new AmqpCouponEventPublisher(factory, exchange, Duration.ofSeconds(10));
    }

    /** The exchange, and a queue of its own bound to {@code coupon.claimed} only. */
    private Queue bindQueueToClaims(CachingConnectionFactory factory) {
        RabbitAdmin admin = declareExchange(factory);
        Queue queue = QueueBuilder.nonDurable("test.claims." + UUID.randomUUID())
                .expires(60_000)
                .build();
        admin.declareQueue(queue);
        admin.declareBinding(
                BindingBuilder.bind(queue).to(new TopicExchange(exchange)).with("coupon.claimed"));
        return queue;
    }

    private RabbitAdmin declareExchange(CachingConnectionFactory factory) {
        RabbitAdmin admin = new RabbitAdmin(factory);
        admin.declareExchange(new TopicExchange(exchange, false, true));
        return admin;
    }

    private CachingConnectionFactory factory(TestRabbit.Broker broker) {
        CachingConnectionFactory factory = new CachingConnectionFactory(broker.host(), broker.port());
        factory.setUsername(broker.username());
        factory.setPassword(broker.password());
        factory.setVirtualHost(broker.virtualHost());
        factory.setConnectionTimeout(2_000);
        factories.add(factory);
        return factory;
    }

    private static CouponEvent claimed(long id, Instant at) {
        return new CouponEvent.Claimed(id, new CouponName("PROMO Café"), new UserId("user_" + id), at);
    }
}
