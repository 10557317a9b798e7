package io.flashsale.coupons.adapter.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A coupon's details, the shape of {@code GET /api/coupons/{name}} (which streams it field by field). */
record CouponResponse(
        String name,
        long amount,
        @JsonProperty("remaining_amount") long remainingAmount,
        @JsonProperty("claimed_by") List<String> claimedBy) {
}
