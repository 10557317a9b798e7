package io.flashsale.coupons.adapter.messaging;

import com.rabbitmq.client.AMQP;
import io.flashsale.coupons.domain.model.CouponEvent;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
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
    private static final String CONTENT_TYPE = "application/json";
    private static final String APP_ID = "flash-sale-coupons";
    /** AMQP 0-9-1 delivery mode 2: the broker writes the message to disk in a durable queue. */
    private static final int PERSISTENT = 2;

    private static final Map<String, Object> SCHEMA_HEADERS = Map.of("schema_version", SCHEMA_VERSION);

    private CouponEventMessages() {}

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
            case CouponEvent.SoldOut soldOut ->
                "sold-out-" + soldOut.couponName().value();
        };
    }

    /** The event's JSON body, UTF-8. */
    static byte[] body(CouponEvent event) {
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
        return JSON.writeValueAsBytes(body);
    }

    /** The message properties: persistent, JSON, {@code message_id} = the event's identity, sent now. */
    static AMQP.BasicProperties properties(CouponEvent event) {
        return new AMQP.BasicProperties.Builder()
                .contentType(CONTENT_TYPE)
                .contentEncoding("UTF-8")
                .deliveryMode(PERSISTENT)
                .messageId(eventId(event))
                .type(routingKey(event))
                .appId(APP_ID)
                .timestamp(new Date())
                .headers(SCHEMA_HEADERS)
                .build();
    }
}
