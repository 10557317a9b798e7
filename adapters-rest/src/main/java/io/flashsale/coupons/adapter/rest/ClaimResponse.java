package io.flashsale.coupons.adapter.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of a granted claim. */
record ClaimResponse(
        @JsonProperty("user_id") String userId,
        @JsonProperty("coupon_name") String couponName) {}
