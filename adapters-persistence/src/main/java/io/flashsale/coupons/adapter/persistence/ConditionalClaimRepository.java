package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.out.SingleClaimRepository;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The {@code conditional} strategy: one conditional decrement plus one insert per request, for
 * comparison only. {@code UPDATE ... WHERE remaining_amount > 0} takes a unit if one is left; the
 * insert records the claim unless the user holds the coupon, which undoes the decrement.
 * <p>
 * Needs READ COMMITTED: an UPDATE that waited for another writer's row lock re-checks its WHERE
 * clause on the row as that writer committed it, so the last unit is taken once. Under REPEATABLE
 * READ or SERIALIZABLE that wait ends in 40001 instead and the claim must be retried.
 */
final class ConditionalClaimRepository implements SingleClaimRepository {

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;

    ConditionalClaimRepository(JdbcClient jdbc, TransactionOperations readCommitted) {
        this.jdbc = jdbc;
        this.transactions = readCommitted;
    }

    @Override
    public Optional<ClaimOutcome> claim(CouponName couponName, UserId userId) {
        return SingleClaimTransactions.retryable(() -> transactions.execute(status -> {
            int taken = jdbc.sql("""
                            UPDATE coupons SET remaining_amount = remaining_amount - 1, version = version + 1
                            WHERE name = ? AND remaining_amount > 0""").param(couponName.value()).update();
            if (taken == 0) {
                return withoutStock(couponName, userId);
            }
            int inserted =
                    jdbc.sql("""
                            INSERT INTO claims (coupon_name, user_id) VALUES (?, ?)
                            ON CONFLICT (coupon_name, user_id) DO NOTHING""").params(couponName.value(), userId.value()).update();
            if (inserted == 0) {
                status.setRollbackOnly();
                return ClaimOutcome.ALREADY_CLAIMED;
            }
            return ClaimOutcome.GRANTED;
        }));
    }

    /** No unit was taken: the coupon is unknown, held by the user, or sold out, in the contract's order. */
    private ClaimOutcome withoutStock(CouponName couponName, UserId userId) {
        return jdbc.sql("""
                        SELECT CASE
                            WHEN EXISTS (SELECT 1 FROM claims WHERE coupon_name = ? AND user_id = ?) THEN 'ALREADY_CLAIMED'
                            WHEN EXISTS (SELECT 1 FROM coupons WHERE name = ?) THEN 'SOLD_OUT'
                            ELSE 'COUPON_NOT_FOUND' END""")
                .params(couponName.value(), userId.value(), couponName.value())
                .query((rs, n) -> ClaimOutcome.valueOf(rs.getString(1)))
                .single();
    }
}
