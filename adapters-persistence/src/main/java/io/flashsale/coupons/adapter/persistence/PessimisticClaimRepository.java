package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The {@code pessimistic} strategy: {@code SELECT ... FOR UPDATE} takes the coupon's row lock first,
 * so claims on one coupon queue behind each other, one transaction each, for comparison only.
 * <p>
 * Needs READ COMMITTED: the lock serializes the writers, and each later statement of the
 * transaction reads the newest committed data, so the holder check sees every earlier claim. Under
 * REPEATABLE READ or SERIALIZABLE the locked read of a row changed since the snapshot fails with
 * 40001 and must be retried.
 */
final class PessimisticClaimRepository extends SingleClaimTransactions {

    PessimisticClaimRepository(JdbcClient jdbc, TransactionOperations readCommitted) {
        this(jdbc, readCommitted, () -> {});
    }

    PessimisticClaimRepository(JdbcClient jdbc, TransactionOperations transactions, Runnable afterRead) {
        super(jdbc, transactions, afterRead);
    }

    @Override
    Optional<Coupon> readCoupon(CouponName name) {
        return coupon(jdbc, "SELECT " + CouponRow.COLUMNS + " FROM coupons WHERE name = ? FOR UPDATE", name);
    }
}
