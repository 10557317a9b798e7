package io.flashsale.coupons.domain.model;

import java.util.Objects;

/** One unit of a coupon held by one user; a user holds a coupon at most once. */
public record Claim(CouponName couponName, UserId userId) {

    public Claim {
        Objects.requireNonNull(couponName, "couponName");
        Objects.requireNonNull(userId, "userId");
    }
}
