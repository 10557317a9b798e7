package io.flashsale.coupons.adapter.rest;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.CouponDetailsView;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a coupon's details straight to the response as the use case pushes them, in the shape of
 * {@link CouponResponse}. Nothing is written until the coupon is found, so a missing coupon can
 * still be answered with a problem.
 */
final class CouponJsonWriter implements CouponDetailsView, AutoCloseable {

    private final JsonMapper json;
    private final HttpServletResponse response;
    private JsonGenerator generator;

    CouponJsonWriter(JsonMapper json, HttpServletResponse response) {
        this.json = json;
        this.response = response;
    }

    @Override
    public void coupon(Coupon coupon) {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try {
            generator = json.createGenerator(response.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        generator.writeStartObject();
        generator.writeStringProperty("name", coupon.name().value());
        generator.writeNumberProperty("amount", coupon.amount());
        generator.writeNumberProperty("remaining_amount", coupon.remainingAmount());
        generator.writeArrayPropertyStart("claimed_by");
    }

    @Override
    public void claimant(UserId userId) {
        generator.writeString(userId.value());
    }

    /** Ends the document; does nothing when the coupon was not found. */
    @Override
    public void close() {
        if (generator != null) {
            generator.writeEndArray();
            generator.writeEndObject();
            generator.close();
        }
    }
}
