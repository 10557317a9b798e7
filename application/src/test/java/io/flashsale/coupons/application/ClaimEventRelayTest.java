package io.flashsale.coupons.application;

import static io.flashsale.coupons.domain.port.out.CouponEventPublisher.PublishAnswer.CONFIRMED;
import static io.flashsale.coupons.domain.port.out.CouponEventPublisher.PublishAnswer.RETURNED;
import static io.flashsale.coupons.domain.port.out.CouponEventPublisher.PublishAnswer.UNANSWERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.domain.model.CouponEvent;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.out.CouponEventPublisher;
import io.flashsale.coupons.domain.port.out.EventBrokerUnavailableException;
import io.flashsale.coupons.domain.port.out.OutboxRepository;
import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimEventRelayTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration QUIET_PERIOD = Duration.ofMillis(250);
    private static final Duration MAX_DEFERRAL = Duration.ofSeconds(30);
    private static final EventRelaySettings SETTINGS = new EventRelaySettings(
            3,
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            QUIET_PERIOD,
            MAX_DEFERRAL);

    private final SettableClock clock = new SettableClock(NOW);
    private final ClaimTraffic traffic = new ClaimTraffic(clock);
    private final FakeOutbox outbox = new FakeOutbox();
    private final FakeBroker broker = new FakeBroker();
    private final ClaimEventRelay relay = new ClaimEventRelay(outbox, broker, SETTINGS, traffic, clock);

    @Test
    void givenEveryEventConfirmed_relayOnce_marksTheWholeBatchAndGoesOnAtOnce() {
        outbox.claims(5);

        Duration pause = relay.relayOnce();

        assertThat(broker.received).extracting(ClaimEventRelayTest::claimId).containsExactly(1L, 2L, 3L);
        assertThat(outbox.publishedUpTo).isEqualTo(3);
        assertThat(pause).isZero();
        assertThat(relay.relaying()).isTrue();
        assertThat(relay.confirmed()).isEqualTo(3);
    }

    @Test
    void givenAnEventReturned_relayOnce_marksOnlyThoseBeforeItAndSendsItAgainAfterAPause() {
        outbox.claims(3);
        broker.answers.add(List.of(CONFIRMED, RETURNED, CONFIRMED));

        Duration pause = relay.relayOnce();
        relay.relayOnce();

        assertThat(pause).isEqualTo(SETTINGS.brokerRetryDelay());
        assertThat(broker.received).extracting(ClaimEventRelayTest::claimId).containsExactly(1L, 2L, 3L, 2L, 3L);
        assertThat(outbox.publishedUpTo).isEqualTo(3);
        assertThat(relay.returned()).isEqualTo(1);
        assertThat(relay.published()).isEqualTo(5);
    }

    @Test
    void givenTheSoldOutEventUnanswered_relayOnce_leavesItsClaimUnpublishedToo() {
        outbox.claims(1);
        outbox.lastUnitAt = 2;
        outbox.claims(1);
        broker.answers.add(List.of(CONFIRMED, CONFIRMED, UNANSWERED));

        relay.relayOnce();

        assertThat(broker.received).hasSize(3).last().isInstanceOf(CouponEvent.SoldOut.class);
        assertThat(outbox.publishedUpTo).isEqualTo(1);
        assertThat(relay.unanswered()).isEqualTo(1);
    }

    @Test
    void givenTheBrokerUnreachable_relayOnce_marksNothingKeepsTheLockAndWaits() {
        outbox.claims(2);
        broker.down = true;

        Duration pause = relay.relayOnce();

        assertThat(pause).isEqualTo(SETTINGS.brokerRetryDelay());
        assertThat(outbox.publishedUpTo).isZero();
        assertThat(relay.relaying()).isTrue();
        assertThat(outbox.lockHeld).isTrue();
    }

    @Test
    void givenAnotherInstanceHoldsTheLock_relayOnce_publishesNothingAndTriesAgainLater() {
        outbox.claims(2);
        outbox.lockHeldElsewhere = true;

        Duration pause = relay.relayOnce();

        assertThat(pause).isEqualTo(SETTINGS.lockRetryInterval());
        assertThat(broker.received).isEmpty();
        assertThat(relay.relaying()).isFalse();
    }

    @Test
    void givenTheLocksSessionLost_relayOnce_givesTheLockUpAndTakesItAgainNextRound() {
        outbox.claims(2);
        relay.relayOnce();
        outbox.sessionBroken = true;

        Duration pause = relay.relayOnce();
        assertThat(relay.relaying()).isFalse();
        assertThat(outbox.lockHeld).isFalse();
        outbox.sessionBroken = false;
        outbox.claims(1);
        relay.relayOnce();

        assertThat(pause).isEqualTo(SETTINGS.lockRetryInterval());
        assertThat(relay.relaying()).isTrue();
        assertThat(broker.received).extracting(ClaimEventRelayTest::claimId).containsExactly(1L, 2L, 3L);
    }

    @Test
    void givenNothingWaiting_relayOnce_pausesForThePollInterval() {
        assertThat(relay.relayOnce()).isEqualTo(SETTINGS.pollInterval());
        assertThat(relay.lagEvents()).isZero();
    }

    @Test
    void givenEntriesWaitingSinceAMinute_relayOnce_reportsTheLag() {
        outbox.claimedAt = NOW.minusSeconds(60);
        outbox.claims(4);

        relay.relayOnce();

        assertThat(relay.lagEvents()).isEqualTo(4);
        assertThat(relay.lagSeconds()).isEqualTo(60.0);
        assertThat(relay.maxLagSeconds()).isEqualTo(60.0);
    }

    @Test
    void givenClaimsArriving_relayOnce_givesWayAndPublishesNothing() {
        outbox.claims(2);
        traffic.claimArrived();
        clock.advance(QUIET_PERIOD.minusMillis(1));

        Duration pause = relay.relayOnce();

        assertThat(pause).isEqualTo(QUIET_PERIOD);
        assertThat(broker.received).isEmpty();
        assertThat(relay.deferrals()).isEqualTo(1);
        assertThat(relay.relaying()).isTrue();
    }

    @Test
    void givenClaimsStoppedForTheQuietPeriod_relayOnce_publishesAtOnce() {
        outbox.claims(2);
        traffic.claimArrived();
        relay.relayOnce();
        clock.advance(QUIET_PERIOD);

        relay.relayOnce();

        assertThat(broker.received).extracting(ClaimEventRelayTest::claimId).containsExactly(1L, 2L);
        assertThat(relay.deferrals()).isEqualTo(1);
    }

    @Test
    void givenTheOldestEventWaitingTheMaxDeferral_relayOnce_publishesThoughClaimsKeepArriving() {
        outbox.claims(1);
        clock.advance(MAX_DEFERRAL.minusMillis(1));
        outbox.claimedAt = clock.instant();
        outbox.claims(1);
        traffic.claimArrived();
        relay.relayOnce();
        clock.advance(Duration.ofMillis(1));
        traffic.claimArrived();

        relay.relayOnce();

        assertThat(broker.received).extracting(ClaimEventRelayTest::claimId).containsExactly(1L, 2L);
        assertThat(relay.deferrals()).isEqualTo(1);
    }

    @Test
    void givenNoMaxDeferral_relayOnce_neverGivesWay() {
        ClaimEventRelay eager = new ClaimEventRelay(
                outbox,
                broker,
                new EventRelaySettings(
                        3,
                        Duration.ofMillis(100),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1),
                        QUIET_PERIOD,
                        Duration.ZERO),
                traffic,
                clock);
        outbox.claims(1);
        traffic.claimArrived();

        eager.relayOnce();

        assertThat(broker.received).hasSize(1);
        assertThat(eager.deferrals()).isZero();
    }

    private static long claimId(CouponEvent event) {
        return event instanceof CouponEvent.Claimed claimed ? claimed.claimId() : -1;
    }

    /** An outbox of claims with ids 1, 2, ... on one coupon; entry {@code lastUnitAt} also sells it out. */
    private static final class FakeOutbox implements OutboxRepository {

        final List<OutboxEntry> entries = new ArrayList<>();
        long publishedUpTo;
        long lastUnitAt = -1;
        Instant claimedAt = NOW;
        boolean lockHeld;
        boolean lockHeldElsewhere;
        boolean sessionBroken;

        void claims(int count) {
            for (int i = 0; i < count; i++) {
                long id = entries.size() + 1;
                CouponName coupon = new CouponName("PROMO");
                CouponEvent claimed = new CouponEvent.Claimed(id, coupon, new UserId("u" + id), claimedAt);
                List<CouponEvent> events = id == lastUnitAt
                        ? List.of(claimed, new CouponEvent.SoldOut(coupon, (int) id, id, claimedAt))
                        : List.of(claimed);
                entries.add(new OutboxEntry(new Position(100 + id, id), events));
            }
        }

        @Override
        public Optional<RelaySession> tryLock() {
            if (lockHeld || lockHeldElsewhere) {
                return Optional.empty();
            }
            lockHeld = true;
            return Optional.of(new RelaySession() {
                @Override
                public List<OutboxEntry> unpublished(int limit) {
                    check();
                    return entries.stream()
                            .filter(e -> e.position().claimId() > publishedUpTo)
                            .limit(limit)
                            .toList();
                }

                @Override
                public void markPublishedUpTo(OutboxEntry entry) {
                    check();
                    publishedUpTo = entry.position().claimId();
                }

                @Override
                public OutboxLag lag(int cap) {
                    check();
                    List<OutboxEntry> waiting = unpublished(cap);
                    return waiting.isEmpty() ? OutboxLag.NONE : new OutboxLag(waiting.size(), Optional.of(claimedAt));
                }

                @Override
                public void close() {
                    lockHeld = false;
                }

                private void check() {
                    if (sessionBroken) {
                        throw new StorageUnavailableException("connection lost", null);
                    }
                }
            });
        }
    }

    /** Confirms everything unless told otherwise, one list of answers per call. */
    private static final class FakeBroker implements CouponEventPublisher {

        final List<CouponEvent> received = new ArrayList<>();
        final Deque<List<PublishAnswer>> answers = new ArrayDeque<>();
        boolean down;

        @Override
        public List<PublishAnswer> publish(List<CouponEvent> events) {
            if (down) {
                throw new EventBrokerUnavailableException("connection refused", null);
            }
            received.addAll(events);
            List<PublishAnswer> next = answers.poll();
            return next != null ? next : events.stream().map(e -> CONFIRMED).toList();
        }
    }
}
