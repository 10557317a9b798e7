package io.flashsale.coupons.adapter.persistence;

import static io.flashsale.coupons.adapter.persistence.StorageCalls.call;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponDetailsView;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Coupons in table {@code coupons}. The details of a small coupon are one statement, which under
 * READ COMMITTED is one consistent snapshot: one round trip, no transaction to open. A big coupon's
 * claimants stream through a cursor in a repeatable-read snapshot instead, so that they never have
 * to fit in memory; at most {@code maxConcurrentLargeReads} such reads hold a connection at once,
 * so that readers can never take the pool from the claims.
 */
class JdbcCouponRepository implements CouponRepository {

    /**
     * The coupon with its first claimants in claim order, or none of them when it has more than
     * the first parameter says (amount = remaining + claims at every commit): for a big coupon the
     * claims are never touched (a one-time filter). The LIMIT is there for the case the invariant
     * does not hold; a coupon without claims is one row with a null user.
     * <p>The coupon's claims are asked for as a range, {@code >= name AND <= name}, ordered by
     * {@code (coupon_name, id)}: only index {@code claims_by_coupon_in_claim_order} serves that
     * order. Written as an equality on the correlated name, the planner estimates every coupon at
     * the average and, with a few huge coupons in the table, walks the primary key in id order or
     * scans the table, filtering a million rows to find three (measured: 1.3 s instead of 1 ms).
     */
    static final String SMALL_DETAILS = """
            SELECT c.name, c.amount, c.remaining_amount, c.version, cl.user_id
            FROM coupons c
            LEFT JOIN LATERAL (
                SELECT claims.id, claims.user_id FROM claims
                WHERE claims.coupon_name >= c.name AND claims.coupon_name <= c.name
                  AND c.amount - c.remaining_amount <= ?
                ORDER BY claims.coupon_name, claims.id
                LIMIT ?
            ) cl ON true
            WHERE c.name = ?
            ORDER BY cl.id""";

    private final JdbcClient jdbc;
    private final TransactionOperations snapshot;
    private final int smallCouponMaxClaims;
    private final Semaphore largeReads;
    private final Duration largeReadWait;

    /**
     * @param snapshot                a read-only repeatable-read transaction, for the big coupons
     * @param smallCouponMaxClaims    claims up to which the details are read in one statement
     * @param maxConcurrentLargeReads big coupons read at once, each holding a connection meanwhile
     * @param largeReadWait           longest a big read waits for its turn before it fails as
     *                                storage unavailable
     */
    JdbcCouponRepository(
            JdbcClient jdbc,
            TransactionOperations snapshot,
            int smallCouponMaxClaims,
            int maxConcurrentLargeReads,
            Duration largeReadWait) {
        this.jdbc = jdbc;
        this.snapshot = snapshot;
        this.smallCouponMaxClaims = smallCouponMaxClaims;
        this.largeReads = new Semaphore(maxConcurrentLargeReads, true);
        this.largeReadWait = largeReadWait;
    }

    @Override
    public boolean add(Coupon coupon) {
        return call(
                "create coupon",
                () -> jdbc.sql("""
                        INSERT INTO coupons (name, amount, remaining_amount, version)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (name) DO NOTHING""")
                                .params(
                                        coupon.name().value(),
                                        coupon.amount(),
                                        coupon.remainingAmount(),
                                        coupon.version())
                                .update()
                        == 1);
    }

    @Override
    public Optional<Coupon> findByName(CouponName name) {
        return call("read coupon", () -> findRow(name).map(CouponRow::toDomain));
    }

    @Override
    public boolean readDetails(CouponName name, CouponDetailsView view) {
        return call("read coupon details", () -> {
            Optional<SmallDetails> read = readSmall(name);
            if (read.isEmpty()) {
                return false;
            }
            SmallDetails small = read.get();
            Coupon coupon = small.coupon();
            if (coupon.amount() - coupon.remainingAmount() > smallCouponMaxClaims
                    || small.claimants().size() > smallCouponMaxClaims) {
                return readLarge(name, view);
            }
            if (view.coupon(coupon)) {
                small.claimants().forEach(view::claimant);
            }
            return true;
        });
    }

    private record SmallDetails(Coupon coupon, List<UserId> claimants) {}

    /** The details in one statement; empty when there is no such coupon. */
    private Optional<SmallDetails> readSmall(CouponName name) {
        return jdbc.sql(SMALL_DETAILS)
                .params(smallCouponMaxClaims, smallCouponMaxClaims + 1, name.value())
                .query((ResultSetExtractor<Optional<SmallDetails>>) rs -> {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Coupon coupon = CouponRow.MAPPER.mapRow(rs, 0).toDomain();
                    List<UserId> claimants = new ArrayList<>();
                    do {
                        String userId = rs.getString("user_id");
                        if (userId != null) {
                            claimants.add(new UserId(userId));
                        }
                    } while (rs.next());
                    return Optional.of(new SmallDetails(coupon, claimants));
                });
    }

    private boolean readLarge(CouponName name, CouponDetailsView view) {
        awaitTurn();
        try {
            return inSnapshot(() -> {
                Optional<CouponRow> row = findRow(name);
                if (row.isEmpty()) {
                    return false;
                }
                if (view.coupon(row.get().toDomain())) {
                    jdbc.sql("SELECT user_id FROM claims WHERE coupon_name = ? ORDER BY id")
                            .param(name.value())
                            .query((RowCallbackHandler) rs -> view.claimant(new UserId(rs.getString(1))));
                }
                return true;
            });
        } finally {
            largeReads.release();
        }
    }

    /**
     * Runs {@code read} in the snapshot transaction. When the read fails, the rollback is asked for
     * rather than triggered by the exception: on a connection that died (the usual reason) the
     * rollback fails too, and the read's own failure is the one worth reporting, once.
     */
    private boolean inSnapshot(Supplier<Boolean> read) {
        RuntimeException[] failure = new RuntimeException[1];
        boolean found;
        try {
            found = Boolean.TRUE.equals(snapshot.execute(status -> {
                try {
                    return read.get();
                } catch (RuntimeException e) {
                    failure[0] = e;
                    status.setRollbackOnly();
                    return false;
                }
            }));
        } catch (TransactionException rollbackFailed) {
            if (failure[0] == null) {
                throw rollbackFailed;
            }
            failure[0].addSuppressed(rollbackFailed);
            throw failure[0];
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return found;
    }

    private void awaitTurn() {
        try {
            if (!largeReads.tryAcquire(largeReadWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new StorageUnavailableException(
                        "read coupon details: other large reads kept it waiting for " + largeReadWait.toMillis()
                                + " ms",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("read coupon details: interrupted while waiting for a turn", e);
        }
    }

    private Optional<CouponRow> findRow(CouponName name) {
        return jdbc.sql("SELECT " + CouponRow.COLUMNS + " FROM coupons WHERE name = ?")
                .param(name.value())
                .query(CouponRow.MAPPER)
                .optional();
    }
}
