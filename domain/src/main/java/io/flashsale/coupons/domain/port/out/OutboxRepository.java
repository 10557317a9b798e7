package io.flashsale.coupons.domain.port.out;

import io.flashsale.coupons.domain.model.CouponEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Outgoing port: the coupon events recorded with the claims and not yet published, and the lock that
 * lets one relay at a time publish them. The claims themselves are the outbox, so recording an event
 * costs the claim path nothing.
 */
public interface OutboxRepository {

    /**
     * Tries to become the one relay. The lock lives as long as the session: closing it, or losing
     * its connection (a crash of this instance included), frees it for another instance.
     *
     * @return the session holding the lock, or empty when another session holds it
     * @throws StorageUnavailableException when the storage cannot be reached
     */
    Optional<RelaySession> tryLock();

    /** What only the lock holder may do; every call throws {@link StorageUnavailableException} once the lock is lost. */
    interface RelaySession extends AutoCloseable {

        /**
         * Up to {@code limit} entries after the last one marked published, in publishing order: per
         * coupon in claim order. An entry whose claim has committed but may still be preceded by a
         * claim committing later is held back until that one is known, so no entry is ever skipped.
         */
        List<OutboxEntry> unpublished(int limit);

        /** Records that {@code entry} and every entry before it are published; they are not returned again. */
        void markPublishedUpTo(OutboxEntry entry);

        /** The entries not yet published: how many (at most {@code cap}) and the oldest claim's time. */
        OutboxLag lag(int cap);

        /** Gives the lock up. Never throws. */
        @Override
        void close();
    }

    /**
     * One granted claim waiting to be published: its event, followed by the coupon's sold-out event
     * when this claim took the last unit.
     *
     * @param position where it stands in publishing order; opaque outside the adapter
     */
    record OutboxEntry(Position position, List<CouponEvent> events) {

        public OutboxEntry {
            Objects.requireNonNull(position, "position");
            events = List.copyOf(events);
        }
    }

    /** A place in publishing order: the claim's transaction and its identity. */
    record Position(long transaction, long claimId) {}

    /**
     * @param events      entries not yet published (counted up to a cap)
     * @param oldestClaim when the oldest of them was claimed; empty when there is none
     */
    record OutboxLag(long events, Optional<Instant> oldestClaim) {

        public static final OutboxLag NONE = new OutboxLag(0, Optional.empty());
    }
}
