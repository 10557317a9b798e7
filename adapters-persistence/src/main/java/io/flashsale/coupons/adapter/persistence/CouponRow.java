package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.RowMapper;

/** A row of table {@code coupons}. */
record CouponRow(String name, int amount, int remainingAmount, long version) {

    /** The columns {@link #MAPPER} reads, for a SELECT list. */
    static final String COLUMNS = "name, amount, remaining_amount, version";

    static final RowMapper<CouponRow> MAPPER = new DataClassRowMapper<>(CouponRow.class);

    Coupon toDomain() {
        return Coupon.rebuild(new CouponName(name), amount, remainingAmount, version);
    }
}
