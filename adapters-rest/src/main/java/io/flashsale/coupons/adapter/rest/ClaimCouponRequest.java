package io.flashsale.coupons.adapter.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /api/coupons/claim}. */
record ClaimCouponRequest(@JsonProperty("user_id") String userId, @JsonProperty("coupon_name") String couponName) {
}
