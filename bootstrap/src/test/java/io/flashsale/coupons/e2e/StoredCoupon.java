package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.jdbc.core.simple.JdbcClient;

/** A coupon as its tables hold it, read straight from PostgreSQL: what the invariant is checked on. */
record StoredCoupon(long amount, long remaining, long claims, long distinctClaimants) {

    static StoredCoupon read(JdbcClient sql, String coupon) {
        return sql.sql("""
                        SELECT c.amount, c.remaining_amount,
                               (SELECT count(*) FROM claims WHERE coupon_name = c.name) AS claims,
                               (SELECT count(DISTINCT user_id) FROM claims WHERE coupon_name = c.name) AS claimants
                        FROM coupons c WHERE c.name = ?""")
                .param(coupon)
                .query((rs, n) -> new StoredCoupon(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
    }

    /** {@code amount = remaining + claims}, stock never below zero, no user twice. */
    StoredCoupon assertInvariant() {
        assertThat(remaining).as("remaining").isNotNegative();
        assertThat(amount).as("amount = remaining + claims").isEqualTo(remaining + claims);
        assertThat(distinctClaimants).as("no user twice").isEqualTo(claims);
        return this;
    }
}
