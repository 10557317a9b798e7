package io.flashsale.coupons.adapter.messaging;

import io.flashsale.coupons.domain.model.CouponEvent;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format of the coupon events: JSON bodies with snake_case fields and a schema version,
 * persistent messages whose {@code message_id} is the event's identity (what consumers deduplicate by).
 * README's "Events" section and {@code asyncapi.yaml} document it; change both with it.
 */
final class CouponEventMessages {

    static final int SCHEMA_VERSION = 1;
    static final String CLAIMED = "coupon.claimed";
    static final String SOLD_OUT = "coupon.sold_out";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CouponEventMessages() {
    }

    static String routingKey(CouponEvent event) {
        return switch (event) {
            case CouponEvent.Claimed ignored -> CLAIMED;
            case CouponEvent.SoldOut ignored -> SOLD_OUT;
        };
    }

    /** The event's identity: {@code claim-<claim id>}, or {@code sold-out-<coupon name>}. */
    static String eventId(CouponEvent event) {
        return switch (event) {
            case CouponEvent.Claimed claimed -> "claim-" + claimed.claimId();
            case CouponEvent.SoldOut soldOut -> "sold-out-" + soldOut.couponName().value();
        };
    }

    static Message toMessage(CouponEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schema_version", SCHEMA_VERSION);
        body.put("event_type", routingKey(event));
        body.put("event_id", eventId(event));
        switch (event) {
            case CouponEvent.Claimed claimed -> {
                body.put("claim_id", claimed.claimId());
                body.put("coupon_name", claimed.couponName().value());
                body.put("user_id", claimed.userId().value());
                body.put("claimed_at", claimed.claimedAt().toString());
            }
            case CouponEvent.SoldOut soldOut -> {
                body.put("coupon_name", soldOut.couponName().value());
                body.put("amount", soldOut.amount());
                body.put("last_claim_id", soldOut.lastClaimId());
                body.put("sold_out_at", soldOut.soldOutAt().toString());
            }
        }
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding("UTF-8");
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setMessageId(eventId(event));
        properties.setType(routingKey(event));
        properties.setAppId("flash-sale-coupons");
        properties.setTimestamp(new Date());
        properties.setHeader("schema_version", SCHEMA_VERSION);
        return new Message(JSON.writeValueAsBytes(body), properties);
    }
}
