package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The {@code serializable} strategy: a plain read, decide and write per request, left to the
 * database to keep correct, for comparison only.
 * <p>
 * Needs SERIALIZABLE (REPEATABLE READ would do for this one row and one unique key, SERIALIZABLE
 * states the intent): the write sets the stock the read computed, so under READ COMMITTED two
 * overlapping claims both read the same stock and the second write loses the first one's update
 * (the claims are stored, the stock counts one). At SERIALIZABLE PostgreSQL aborts the loser with
 * 40001 and the caller retries.
 */
final class SerializableClaimRepository extends SingleClaimTransactions {

    SerializableClaimRepository(JdbcClient jdbc, TransactionOperations serializable) {
        this(jdbc, serializable, () -> {});
    }

    SerializableClaimRepository(JdbcClient jdbc, TransactionOperations transactions, Runnable afterRead) {
        super(jdbc, transactions, afterRead);
    }

    @Override
    Optional<Coupon> readCoupon(CouponName name) {
        return coupon(jdbc, "SELECT " + CouponRow.COLUMNS + " FROM coupons WHERE name = ?", name);
    }
}
