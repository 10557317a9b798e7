package io.flashsale.coupons.domain.port.in;

import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import java.util.Objects;

/** User {@code userId} asks for one unit of coupon {@code couponName}. */
public record ClaimCouponCommand(UserId userId, CouponName couponName) {

    public ClaimCouponCommand {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(couponName, "couponName");
    }
}
