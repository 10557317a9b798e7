package io.flashsale.coupons.adapter.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.flashsale.coupons.domain.model.Coupon;
import java.util.List;

/** A coupon's details, the shape of {@code GET /api/coupons/{name}} (which streams it field by field). */
record CouponResponse(
        String name,
        long amount,
        @JsonProperty("remaining_amount") long remainingAmount,
        @JsonProperty("claimed_by") List<String> claimedBy) {

    /** A coupon just created: as {@code created} holds it, nobody has claimed it yet. */
    static CouponResponse created(Coupon created) {
        return new CouponResponse(created.name().value(), created.amount(), created.remainingAmount(), List.of());
    }
}
