package io.flashsale.coupons.adapter.persistence;

import static io.flashsale.coupons.adapter.persistence.StorageCalls.call;

import io.flashsale.coupons.domain.model.ClaimDecision;
import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.out.SingleClaimRepository;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * One claim per transaction in three steps: read the coupon, let it decide for the user, record the
 * decision with the stock it leaves. The variants differ in how the read keeps the decision true
 * until the write commits: a row lock ({@link PessimisticClaimRepository}) or the database's
 * serializability check ({@link SerializableClaimRepository}).
 */
abstract class SingleClaimTransactions implements SingleClaimRepository {

    /** SQLSTATEs of a transaction PostgreSQL aborted to keep concurrent ones correct: retry it. */
    private static final Set<String> LOST_RACE = Set.of("40001", "40P01");

    final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final Runnable afterRead;

    /**
     * @param afterRead runs inside the transaction between the read and the write: tests use it to
     *                  interleave two transactions exactly
     */
    SingleClaimTransactions(JdbcClient jdbc, TransactionOperations transactions, Runnable afterRead) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.afterRead = afterRead;
    }

    /** The coupon as this variant needs it read inside the transaction; empty when there is none. */
    abstract Optional<Coupon> readCoupon(CouponName name);

    @Override
    public Optional<ClaimOutcome> claim(CouponName couponName, UserId userId) {
        return retryable(() -> transactions.execute(status -> {
            Optional<Coupon> coupon = readCoupon(couponName);
            if (coupon.isEmpty()) {
                return ClaimOutcome.COUPON_NOT_FOUND;
            }
            ClaimDecision decision = coupon.get().decide(List.of(userId), holds(couponName, userId));
            afterRead.run();
            if (decision.grantsAnything()) {
                record(decision, userId);
            }
            return decision.outcomes().getFirst();
        }));
    }

    private Set<UserId> holds(CouponName couponName, UserId userId) {
        boolean holds = jdbc.sql("SELECT EXISTS (SELECT 1 FROM claims WHERE coupon_name = ? AND user_id = ?)")
                .params(couponName.value(), userId.value())
                .query(Boolean.class)
                .single();
        return holds ? Set.of(userId) : Set.of();
    }

    /** Writes the stock the decision computed, not a decrement: only the read's guard keeps it true. */
    private void record(ClaimDecision decision, UserId userId) {
        CouponName name = decision.decidedOn().name();
        jdbc.sql("INSERT INTO claims (coupon_name, user_id) VALUES (?, ?)")
                .params(name.value(), userId.value())
                .update();
        jdbc.sql("UPDATE coupons SET remaining_amount = ?, version = ? WHERE name = ?")
                .params(decision.remainingAfter(), decision.couponAfter().version(), name.value())
                .update();
    }

    static Optional<ClaimOutcome> retryable(Supplier<ClaimOutcome> transaction) {
        return call("claim", () -> {
            try {
                return Optional.of(transaction.get());
            } catch (ConcurrencyFailureException | DuplicateKeyException lostRace) {
                return Optional.empty();
            } catch (TransactionSystemException failedCommit) {
                // A serialization failure can surface only at COMMIT.
                if (LOST_RACE.contains(sqlState(failedCommit))) {
                    return Optional.empty();
                }
                throw failedCommit;
            }
        });
    }

    private static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    static Optional<Coupon> coupon(JdbcClient jdbc, String select, CouponName name) {
        return jdbc.sql(select)
                .param(name.value())
                .query(CouponRow.MAPPER)
                .optional()
                .map(CouponRow::toDomain);
    }
}
