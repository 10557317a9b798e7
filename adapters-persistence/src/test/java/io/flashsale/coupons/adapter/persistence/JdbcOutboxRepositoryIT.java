package io.flashsale.coupons.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponEvent;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.out.ClaimRepository;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import io.flashsale.coupons.domain.port.out.OutboxRepository;
import io.flashsale.coupons.domain.port.out.OutboxRepository.OutboxEntry;
import io.flashsale.coupons.domain.port.out.OutboxRepository.RelaySession;
import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The claims as the outbox: nothing skipped whatever the commit order, the relay lock and its takeover. */
@SpringBootTest(classes = PersistenceTestApplication.class)
class JdbcOutboxRepositoryIT {

    @Autowired
    OutboxRepository outbox;

    @Autowired
    CouponRepository coupons;

    @Autowired
    ClaimRepository claims;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    private final List<RelaySession> sessions = new ArrayList<>();

    @AfterEach
    void releaseLocks() {
        sessions.forEach(RelaySession::close);
    }

    @Test
    void givenAClaimCommittingAfterALaterIdWasRelayed_relay_stillPublishesIt() throws SQLException {
        CouponName early = coupon(10);
        CouponName late = coupon(10);
        RelaySession relay = lock();
        drain(relay, Set.of());
        try (Connection first = transaction();
                Connection second = transaction()) {
            // The first transaction takes the lower id but commits last.
            long lowerId = insertClaim(first, early, "u1");
            long higherId = insertClaim(second, late, "u2");
            assertThat(lowerId).isLessThan(higherId);
            second.commit();

            List<CouponEvent> beforeLateCommit = drain(relay, Set.of(early, late));
            first.commit();
            List<CouponEvent> afterLateCommit = drain(relay, Set.of(early, late));

            List<Long> relayed = new ArrayList<>();
            beforeLateCommit.forEach(event -> relayed.add(((CouponEvent.Claimed) event).claimId()));
            afterLateCommit.forEach(event -> relayed.add(((CouponEvent.Claimed) event).claimId()));
            assertThat(relayed).containsExactlyInAnyOrder(lowerId, higherId);
        }
    }

    @Test
    void givenTheLaterIdsTransactionStartedFirst_relayBetweenTheCommits_stillPublishesBoth() throws SQLException {
        CouponName early = coupon(10);
        CouponName late = coupon(10);
        RelaySession relay = lock();
        drain(relay, Set.of());
        try (Connection first = transaction();
                Connection second = transaction()) {
            // The second transaction gets the older transaction id, the first the lower claim id.
            startWriting(second);
            startWriting(first);
            long lowerId = insertClaim(first, early, "u1");
            long higherId = insertClaim(second, late, "u2");
            second.commit();

            List<CouponEvent> beforeLateCommit = drain(relay, Set.of(early, late));
            first.commit();
            List<CouponEvent> afterLateCommit = drain(relay, Set.of(early, late));

            assertThat(beforeLateCommit)
                    .extracting(event -> ((CouponEvent.Claimed) event).claimId())
                    .containsExactly(higherId);
            assertThat(afterLateCommit)
                    .extracting(event -> ((CouponEvent.Claimed) event).claimId())
                    .containsExactly(lowerId);
        }
    }

    @Test
    void givenACouponClaimedToTheLastUnit_unpublished_givesItsClaimsInOrderThenSoldOut() {
        CouponName name = coupon(3);
        RelaySession relay = lock();
        Coupon coupon = coupons.findByName(name).orElseThrow();
        claims.save(coupon.decide(users("b", "a"), Set.of()));
        coupon = coupons.findByName(name).orElseThrow();
        claims.save(coupon.decide(users("c", "d"), Set.of()));

        List<CouponEvent> events = drain(relay, Set.of(name));

        assertThat(events).hasSize(4);
        assertThat(events.subList(0, 3))
                .extracting(event -> ((CouponEvent.Claimed) event).userId().value())
                .containsExactly("b", "a", "c");
        assertThat(events.get(3)).isInstanceOfSatisfying(CouponEvent.SoldOut.class, soldOut -> {
            assertThat(soldOut.amount()).isEqualTo(3);
            assertThat(soldOut.lastClaimId()).isEqualTo(((CouponEvent.Claimed) events.get(2)).claimId());
        });
    }

    @Test
    void givenEventsMarkedPublished_unpublished_neverReturnsThemAgain() {
        CouponName name = coupon(5);
        RelaySession relay = lock();
        drain(relay, Set.of());
        claims.save(coupons.findByName(name).orElseThrow().decide(users("a", "b"), Set.of()));

        List<OutboxEntry> first = relay.unpublished(1);
        relay.markPublishedUpTo(first.getFirst());
        List<OutboxEntry> rest = relay.unpublished(100);

        assertThat(first).extracting(entry -> entry.position().claimId()).hasSize(1);
        assertThat(rest)
                .extracting(entry -> entry.position().claimId())
                .doesNotContain(first.getFirst().position().claimId())
                .hasSize(1);
        assertThat(relay.lag(100).events()).isEqualTo(1);
        assertThat(relay.lag(100).oldestClaim()).isPresent();
    }

    @Test
    void givenTheLockHeld_tryLock_isRefusedUntilTheHolderCloses() {
        RelaySession holder = lock();

        assertThat(outbox.tryLock()).isEmpty();
        holder.close();
        assertThat(outbox.tryLock()).hasValueSatisfying(sessions::add);
    }

    @Test
    void givenTheHoldersSessionDies_tryLock_succeedsAndTheOldHolderFails() {
        RelaySession holder = lock();

        int killed = jdbc.sql("""
                        SELECT count(pg_terminate_backend(pid)) FROM pg_locks
                        WHERE locktype = 'advisory' AND granted
                          AND ((classid::bigint << 32) | objid::bigint) = ?""")
                .param(JdbcOutboxRepository.RELAY_LOCK_KEY)
                .query(Integer.class)
                .single();

        assertThat(killed).isEqualTo(1);
        assertThat(outbox.tryLock()).hasValueSatisfying(sessions::add);
        assertThatThrownBy(() -> holder.unpublished(10)).isInstanceOf(StorageUnavailableException.class);
    }

    /**
     * Every relay round runs these: they must seek to the cursor in the index, not read the claims from
     * the first. Without sequential scans and nested loops the cursor can bound the scan only if it is
     * a constant of the query; joined as a table, it ends up as a filter over every claim.
     */
    @Test
    void givenTheCursor_outboxQueries_seekToItThroughTheIndex() throws SQLException {
        for (String query : List.of(JdbcOutboxRepository.UNPUBLISHED, JdbcOutboxRepository.LAG)) {
            StringBuilder plan = new StringBuilder();
            try (Connection connection = transaction();
                    PreparedStatement noSeqScan = connection.prepareStatement(
                            "SET LOCAL enable_seqscan = off; SET LOCAL enable_nestloop = off")) {
                noSeqScan.execute();
                try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + query)) {
                    explain.setInt(1, 500);
                    try (ResultSet rs = explain.executeQuery()) {
                        while (rs.next()) {
                            plan.append(rs.getString(1)).append('\n');
                        }
                    }
                }
                connection.rollback();
            }
            assertThat(plan.toString())
                    .as(plan.toString())
                    .containsPattern("Index Cond: \\(.*ROW\\(.*tx, .*id\\) > ROW\\(");
        }
    }

    private RelaySession lock() {
        RelaySession session = outbox.tryLock().orElseThrow(() -> new AssertionError("relay lock not free"));
        sessions.add(session);
        return session;
    }

    /** Publishes everything the outbox gives, as a relay would; returns the events of {@code ours}. */
    private static List<CouponEvent> drain(RelaySession relay, Set<CouponName> ours) {
        List<CouponEvent> events = new ArrayList<>();
        for (List<OutboxEntry> batch = relay.unpublished(500); !batch.isEmpty(); batch = relay.unpublished(500)) {
            batch.forEach(entry -> entry.events().stream()
                    .filter(e -> ours.contains(e.couponName()))
                    .forEach(events::add));
            relay.markPublishedUpTo(batch.getLast());
        }
        return events;
    }

    private CouponName coupon(int amount) {
        CouponName name = new CouponName("OUTBOX_" + UUID.randomUUID());
        coupons.add(Coupon.create(name, amount));
        return name;
    }

    private Connection transaction() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    private static void startWriting(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_current_xact_id()")) {
            statement.executeQuery().close();
        }
    }

    private static long insertClaim(Connection connection, CouponName coupon, String user) throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO claims (coupon_name, user_id) VALUES (?, ?) RETURNING id")) {
            insert.setString(1, coupon.value());
            insert.setString(2, user);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<UserId> users(String... ids) {
        return java.util.Arrays.stream(ids).map(UserId::new).toList();
    }
}
