package io.flashsale.coupons.domain.model;

/** What became of one claim request. */
public enum ClaimOutcome {
    GRANTED,
    ALREADY_CLAIMED,
    SOLD_OUT,
    COUPON_NOT_FOUND
}
