package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.CouponEvent;
import io.flashsale.coupons.domain.port.out.CouponEventPublisher;
import io.flashsale.coupons.domain.port.out.CouponEventPublisher.PublishAnswer;
import io.flashsale.coupons.domain.port.out.EventBrokerUnavailableException;
import io.flashsale.coupons.domain.port.out.OutboxRepository;
import io.flashsale.coupons.domain.port.out.OutboxRepository.OutboxEntry;
import io.flashsale.coupons.domain.port.out.OutboxRepository.OutboxLag;
import io.flashsale.coupons.domain.port.out.OutboxRepository.RelaySession;
import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves coupon events from the outbox to the broker, at least once and in order per coupon. Only the
 * instance holding the outbox's lock relays; the others keep trying to take it, so one of them takes
 * over within {@link EventRelaySettings#lockRetryInterval()} once the holder's session dies.
 *
 * <p>A round reads a batch of entries in publishing order, publishes all their events and waits for
 * the broker's answers, then marks published the longest run of entries from the start of the batch
 * whose every event was confirmed. Whatever follows the first unconfirmed event is published again
 * next round, after a pause: events repeat (consumers deduplicate by claim id) but a coupon's events
 * are never first seen out of order, and none is skipped. A crash between publishing and marking
 * repeats at most one batch.
 *
 * <p>Publishing gives way to a sale: while claims arrive on this instance (none for
 * {@link EventRelaySettings#quietPeriod()} is quiet), events wait in the outbox, up to
 * {@link EventRelaySettings#maxDeferral()} for the oldest; then the relay publishes whatever is older than
 * that, claims arriving or not. A burst thus pays nothing for its events while it lasts (the relay's CPU
 * and, where the broker shares the machine, the broker's go to claims), and its events follow within a
 * quiet period of its end; under load that lasts, events trail claims by about the maximum deferral.
 *
 * <p>Not thread-safe: one thread runs {@link #runUntilStopped()} (or {@link #relayOnce()} in tests);
 * the counters may be read from any thread.
 */
public final class ClaimEventRelay {

    private static final Logger LOG = Logger.getLogger(ClaimEventRelay.class.getName());

    private final OutboxRepository outbox;
    private final CouponEventPublisher publisher;
    private final EventRelaySettings settings;
    private final ClaimTraffic traffic;
    private final Clock clock;

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong returned = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong lagEvents = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final AtomicLong maxLagMillis = new AtomicLong();
    private final AtomicLong deferrals = new AtomicLong();

    private volatile RelaySession session;
    private volatile boolean stopped;
    private Instant lagMeasuredAt = Instant.MIN;

    /**
     * @param traffic the claims of this instance, to give way to
     * @param clock   the time the age of waiting events is measured in, against their claims' time
     */
    public ClaimEventRelay(
            OutboxRepository outbox,
            CouponEventPublisher publisher,
            EventRelaySettings settings,
            ClaimTraffic traffic,
            Clock clock) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.settings = settings;
        this.traffic = traffic;
        this.clock = clock;
    }

    /** Relays until {@link #stop()}, then gives the lock up. */
    public void runUntilStopped() {
        try {
            while (!stopped) {
                Duration pause = relayOnce();
                if (!pause.isZero() && !stopped) {
                    Thread.sleep(pause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            giveUpLock();
        }
    }

    /** Makes {@link #runUntilStopped()} return after its current round. */
    public void stop() {
        stopped = true;
    }

    /**
     * One round: take the lock if not held, then publish one batch.
     *
     * @return how long to pause before the next round: zero when more entries are waiting, the quiet
     *         period when it gave way to claims
     */
    public Duration relayOnce() {
        if (session == null && !takeLock()) {
            return settings.lockRetryInterval();
        }
        try {
            measureLagIfDue();
            if (givesWayToClaims()) {
                deferrals.incrementAndGet();
                return settings.quietPeriod();
            }
            List<OutboxEntry> entries = session.unpublished(settings.batchSize());
            if (entries.isEmpty()) {
                return settings.pollInterval();
            }
            int delivered = publish(entries);
            if (delivered > 0) {
                session.markPublishedUpTo(entries.get(delivered - 1));
            }
            if (delivered < entries.size()) {
                return settings.brokerRetryDelay();
            }
            return entries.size() < settings.batchSize() ? settings.pollInterval() : Duration.ZERO;
        } catch (EventBrokerUnavailableException e) {
            LOG.log(Level.WARNING, "Event broker unavailable, events wait in the outbox: {0}", e.getMessage());
            return settings.brokerRetryDelay();
        } catch (StorageUnavailableException e) {
            LOG.log(Level.WARNING, "Lost the outbox (and with it the relay lock): {0}", e.getMessage());
            giveUpLock();
            return settings.lockRetryInterval();
        }
    }

    /** Whether claims are arriving and the oldest waiting event (one read of one entry) may wait longer. */
    private boolean givesWayToClaims() {
        if (settings.maxDeferral().isZero() || traffic.quietFor(settings.quietPeriod())) {
            return false;
        }
        List<OutboxEntry> oldest = session.unpublished(1);
        return !oldest.isEmpty()
                && Duration.between(oldest.getFirst().events().getFirst().occurredAt(), clock.instant())
                                .compareTo(settings.maxDeferral())
                        < 0;
    }

    /** @return how many entries, from the first, had every event confirmed */
    private int publish(List<OutboxEntry> entries) {
        List<CouponEvent> events = new ArrayList<>(entries.size() + 1);
        entries.forEach(entry -> events.addAll(entry.events()));
        List<PublishAnswer> answers = publisher.publish(events);
        published.addAndGet(events.size());
        answers.forEach(this::count);
        int answer = 0;
        for (int delivered = 0; delivered < entries.size(); delivered++) {
            for (int i = 0; i < entries.get(delivered).events().size(); i++, answer++) {
                if (!answers.get(answer).delivered()) {
                    return delivered;
                }
            }
        }
        return entries.size();
    }

    private void count(PublishAnswer answer) {
        switch (answer) {
            case CONFIRMED -> confirmed.incrementAndGet();
            case RETURNED -> returned.incrementAndGet();
            case REFUSED -> refused.incrementAndGet();
            case UNANSWERED -> unanswered.incrementAndGet();
        }
    }

    private boolean takeLock() {
        try {
            Optional<RelaySession> taken = outbox.tryLock();
            taken.ifPresent(s -> LOG.info("This instance relays the coupon events now"));
            session = taken.orElse(null);
            return session != null;
        } catch (StorageUnavailableException e) {
            LOG.log(Level.FINE, "Cannot reach the outbox to take the relay lock", e);
            return false;
        }
    }

    private void giveUpLock() {
        RelaySession held = session;
        session = null;
        lagMeasuredAt = Instant.MIN;
        // The lag is the relay's to measure; another instance reports it now.
        lagEvents.set(0);
        lagMillis.set(0);
        if (held != null) {
            held.close();
        }
    }

    private void measureLagIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(lagMeasuredAt.plus(settings.lagRefresh()))) {
            return;
        }
        lagMeasuredAt = now;
        OutboxLag lag = session.lag(1_000_000);
        lagEvents.set(lag.events());
        long millis = lag.oldestClaim()
                .map(oldest -> Math.max(0, Duration.between(oldest, now).toMillis()))
                .orElse(0L);
        lagMillis.set(millis);
        maxLagMillis.accumulateAndGet(millis, Math::max);
    }

    /** Whether this instance holds the relay lock. */
    public boolean relaying() {
        return session != null;
    }

    /** Events handed to the broker, repeats included. */
    public long published() {
        return published.get();
    }

    /** Events the broker confirmed and routed. */
    public long confirmed() {
        return confirmed.get();
    }

    /** Events the broker returned because no queue was bound for them. */
    public long returned() {
        return returned.get();
    }

    /** Events the broker refused (nack). */
    public long refused() {
        return refused.get();
    }

    /** Events the broker did not answer in time. */
    public long unanswered() {
        return unanswered.get();
    }

    /** Rounds in which the relay gave way to claims and published nothing. */
    public long deferrals() {
        return deferrals.get();
    }

    /** Entries waiting in the outbox at the last measurement (only the relay measures). */
    public long lagEvents() {
        return lagEvents.get();
    }

    /** Age of the oldest waiting entry at the last measurement, in seconds. */
    public double lagSeconds() {
        return lagMillis.get() / 1000.0;
    }

    /** Highest {@link #lagSeconds()} measured since start. */
    public double maxLagSeconds() {
        return maxLagMillis.get() / 1000.0;
    }
}
