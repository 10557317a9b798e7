package io.flashsale.coupons.adapter.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;

/** Body of {@code POST /api/coupons/claim}. Missing fields arrive as null. */
record ClaimCouponRequest(
        @JsonProperty(USER_ID) String userId,
        @JsonProperty(COUPON_NAME) String couponName) {

    static final String USER_ID = "user_id";
    static final String COUPON_NAME = "coupon_name";

    /**
     * The command, fields checked in order.
     *
     * @throws InvalidFieldException naming the first field that is missing or that the model refuses
     */
    ClaimCouponCommand toCommand() {
        UserId user = InvalidFieldException.parse(USER_ID, userId, UserId::new);
        CouponName coupon = InvalidFieldException.parse(COUPON_NAME, couponName, CouponName::new);
        return new ClaimCouponCommand(user, coupon);
    }
}
