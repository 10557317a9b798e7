package io.flashsale.coupons.adapter.rest;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponDetailsView;
import io.flashsale.coupons.domain.model.UserId;
import org.springframework.http.ETag;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A coupon's details rendered into a {@link SpillBuffer} as the use case pushes them, in the shape
 * of {@link CouponResponse}, so that the read is over (its connection back in the pool) before the
 * first byte goes to the client. The document is closed only by {@link #finish()}, after the read
 * completed: a read cut short never becomes a well-formed document.
 *
 * <p>Its entity tag is the coupon's version and stock. The version changes with every saved batch
 * of claims and the stock with every claim, and nothing else of a coupon ever changes; claims are
 * only added, so the stock alone already tells the claimant lists apart, whatever strategy saved
 * them. A client holding the current tag (RFC 9110 §13.1.2, weak comparison, {@code *} or a list)
 * needs no claimant, and none is read.
 */
final class CouponDetailsDocument implements CouponDetailsView, AutoCloseable {

    private final JsonMapper json;
    private final SpillBuffer body;
    private final String ifNoneMatch;
    private String etag;
    private boolean notModified;
    private JsonGenerator generator;

    /**
     * @param body        where the document goes; released by {@link #close()}
     * @param ifNoneMatch the request's If-None-Match header, or null
     */
    CouponDetailsDocument(JsonMapper json, SpillBuffer body, String ifNoneMatch) {
        this.json = json;
        this.body = body;
        this.ifNoneMatch = ifNoneMatch;
    }

    @Override
    public boolean coupon(Coupon coupon) {
        etag = "W/\"" + coupon.version() + "-" + coupon.remainingAmount() + "\"";
        if (ifNoneMatch != null && matches(ifNoneMatch, ETag.create(etag))) {
            notModified = true;
            return false;
        }
        generator = json.createGenerator(body);
        generator.writeStartObject();
        generator.writeStringProperty("name", coupon.name().value());
        generator.writeNumberProperty("amount", coupon.amount());
        generator.writeNumberProperty("remaining_amount", coupon.remainingAmount());
        generator.writeArrayPropertyStart("claimed_by");
        return true;
    }

    @Override
    public void claimant(UserId userId) {
        generator.writeString(userId.value());
    }

    /** Ends the document; call it only once the read is complete. */
    void finish() {
        if (generator != null) {
            generator.writeEndArray();
            generator.writeEndObject();
            generator.close();
        }
    }

    /** The entity tag of the state read, as an ETag header value. */
    String etag() {
        return etag;
    }

    /** Whether the client holds this state already (304, no body). */
    boolean notModified() {
        return notModified;
    }

    /** The finished document. */
    SpillBuffer body() {
        return body;
    }

    /** Gives the body's memory and file back. */
    @Override
    public void close() {
        body.release();
    }

    private static boolean matches(String ifNoneMatch, ETag current) {
        return ETag.parse(ifNoneMatch).stream().anyMatch(tag -> tag.isWildcard() || tag.compare(current, false));
    }
}
