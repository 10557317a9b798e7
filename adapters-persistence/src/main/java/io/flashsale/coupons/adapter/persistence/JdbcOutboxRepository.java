package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.domain.model.CouponEvent;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.out.OutboxRepository;
import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The claims as the outbox of the coupon events, relayed by the holder of a PostgreSQL session-level
 * advisory lock. The lock is taken on a connection of its own, outside the pool, and every outbox read
 * and write of the holder runs on that same connection: when the session dies (this instance crashes,
 * the network drops it, the database restarts) PostgreSQL frees the lock, the holder's next call fails
 * and stops it, and another instance can take over. Never on the claim path.
 */
class JdbcOutboxRepository implements OutboxRepository {

    /** The advisory lock's key, shared by every instance on the database: "coupons!" in ASCII. */
    static final long RELAY_LOCK_KEY = 0x636f75706f6e7321L;

    /**
     * The cursor as two scalar subqueries: evaluated once before the scan, they bound the index scan on
     * (tx, id). Joined to the cursor table instead, the row comparison becomes a join filter and every
     * round reads the whole claims table.
     */
    private static final String AFTER_CURSOR = "(SELECT last_tx FROM claim_event_cursor WHERE id = 1), "
            + "(SELECT last_claim_id FROM claim_event_cursor WHERE id = 1)";

    /**
     * Claims after the cursor in (transaction, id) order, up to the oldest transaction still running:
     * everything below that horizon is finished, so nothing can still appear before the last row read.
     * Within a coupon, a claim's transaction commits after those of the coupon's earlier claims (it
     * updated the coupon row after them, at a version only their commit made visible), so the order is
     * claim order per coupon. The claim that took a coupon's last unit carries the sold-out flag.
     */
    static final String UNPUBLISHED = """
            SELECT cl.tx::text::bigint AS tx, cl.id, cl.coupon_name, cl.user_id, cl.claimed_at, cp.amount,
                   CASE WHEN cp.remaining_amount = 0
                        THEN cl.id = (SELECT max(last.id) FROM claims last WHERE last.coupon_name = cl.coupon_name)
                        ELSE false END AS took_last_unit
            FROM claims cl
            JOIN coupons cp ON cp.name = cl.coupon_name
            WHERE (cl.tx, cl.id) > (%s)
              AND cl.tx < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY cl.tx, cl.id
            LIMIT ?""".formatted(AFTER_CURSOR);

    /**
     * A holder that vanishes without closing its socket (its host lost power, a partition) would keep
     * the lock until the server's TCP keepalive gives up, two hours by default; these settings make the
     * server notice a dead holder within about 30 s. Then the lock.
     */
    private static final String TRY_LOCK = """
            SELECT set_config('tcp_keepalives_idle', '10', false), set_config('tcp_keepalives_interval', '5', false),
                   set_config('tcp_keepalives_count', '3', false), pg_try_advisory_lock(?)""";

    private static final String MARK_PUBLISHED = """
            UPDATE claim_event_cursor SET last_tx = ?::text::xid8, last_claim_id = ?, updated_at = now()
            WHERE id = 1""";

    static final String LAG = """
            SELECT count(*), min(claimed_at) FROM (
                SELECT cl.claimed_at FROM claims cl
                WHERE (cl.tx, cl.id) > (%s)
                LIMIT ?) waiting""".formatted(AFTER_CURSOR);

    /** Opens a connection of its own, outside any pool. */
    @FunctionalInterface
    interface ConnectionOpener {
        Connection open() throws SQLException;
    }

    private final ConnectionOpener opener;

    JdbcOutboxRepository(ConnectionOpener opener) {
        this.opener = opener;
    }

    @Override
    public Optional<RelaySession> tryLock() {
        Connection connection;
        try {
            connection = opener.open();
        } catch (SQLException e) {
            throw new StorageUnavailableException("take the relay lock: storage unavailable", e);
        }
        try (PreparedStatement lock = connection.prepareStatement(TRY_LOCK)) {
            lock.setLong(1, RELAY_LOCK_KEY);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (rs.getBoolean(4)) {
                    return Optional.of(new Session(connection));
                }
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StorageUnavailableException("take the relay lock: storage unavailable", e);
        }
        closeQuietly(connection);
        return Optional.empty();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing the session is what frees the lock; a connection that fails to close is gone anyway.
        }
    }

    /** The lock holder's session: autocommit, each call one statement. */
    private static final class Session implements RelaySession {

        private final Connection connection;

        Session(Connection connection) {
            this.connection = connection;
        }

        @Override
        public List<OutboxEntry> unpublished(int limit) {
            try (PreparedStatement query = connection.prepareStatement(UNPUBLISHED)) {
                query.setInt(1, limit);
                List<OutboxEntry> entries = new ArrayList<>(limit);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        entries.add(entry(rs));
                    }
                }
                return entries;
            } catch (SQLException e) {
                throw unavailable("read the outbox", e);
            }
        }

        private static OutboxEntry entry(ResultSet rs) throws SQLException {
            long claimId = rs.getLong("id");
            CouponName coupon = new CouponName(rs.getString("coupon_name"));
            Instant claimedAt =
                    rs.getObject("claimed_at", java.time.OffsetDateTime.class).toInstant();
            CouponEvent claimed =
                    new CouponEvent.Claimed(claimId, coupon, new UserId(rs.getString("user_id")), claimedAt);
            List<CouponEvent> events = rs.getBoolean("took_last_unit")
                    ? List.of(claimed, new CouponEvent.SoldOut(coupon, rs.getInt("amount"), claimId, claimedAt))
                    : List.of(claimed);
            return new OutboxEntry(new Position(rs.getLong("tx"), claimId), events);
        }

        @Override
        public void markPublishedUpTo(OutboxEntry entry) {
            try (PreparedStatement update = connection.prepareStatement(MARK_PUBLISHED)) {
                update.setString(1, Long.toUnsignedString(entry.position().transaction()));
                update.setLong(2, entry.position().claimId());
                update.executeUpdate();
            } catch (SQLException e) {
                throw unavailable("mark events published", e);
            }
        }

        @Override
        public OutboxLag lag(int cap) {
            try (PreparedStatement query = connection.prepareStatement(LAG)) {
                query.setInt(1, cap);
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    java.time.OffsetDateTime oldest = rs.getObject(2, java.time.OffsetDateTime.class);
                    return new OutboxLag(
                            rs.getLong(1), Optional.ofNullable(oldest).map(java.time.OffsetDateTime::toInstant));
                }
            } catch (SQLException e) {
                throw unavailable("measure the outbox lag", e);
            }
        }

        @Override
        public void close() {
            // Closing the session frees the lock; no unlock call needed, and none that could fail first.
            closeQuietly(connection);
        }

        /**
         * Any failure on the lock's connection means the lock may be gone: the holder must stop. It is
         * reported as unavailable storage, never with SQL in the message.
         */
        private static StorageUnavailableException unavailable(String what, SQLException e) {
            return new StorageUnavailableException(what + ": storage unavailable or relay lock lost", e);
        }
    }
}
