package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;

/** A row of table {@code coupons}. */
record CouponRow(String name, int amount, int remainingAmount, long version) {

    Coupon toDomain() {
        return Coupon.rebuild(new CouponName(name), amount, remainingAmount, version);
    }
}
