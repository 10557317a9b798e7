package io.flashsale.coupons.adapter.messaging;

import io.flashsale.coupons.domain.port.out.CouponEventPublisher;
import java.time.Duration;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The messaging adapter's beans: the event publisher port on RabbitMQ and the exchange it publishes
 * to (declared on first connection). The broker is {@code spring.rabbitmq.*}; nothing connects until
 * the relay publishes.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingAdapterConfiguration {

    @Bean
    TopicExchange couponEventsExchange(@Value("${coupons.events.exchange:coupons.events}") String exchange) {
        return ExchangeBuilder.topicExchange(exchange).durable(true).build();
    }

    @Bean
    CouponEventPublisher couponEventPublisher(
            ConnectionFactory connectionFactory,
            TopicExchange couponEventsExchange,
            @Value("${coupons.events.confirm-timeout:10s}") Duration confirmTimeout) {
        return new AmqpCouponEventPublisher(connectionFactory, couponEventsExchange.getName(), confirmTimeout);
    }
}
