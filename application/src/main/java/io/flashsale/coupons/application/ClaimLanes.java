package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Coalesces concurrent claims on the same coupon (design.md, "Claim path" 1 and 5). Each coupon has
 * a lane: a bounded queue and a flag saying whether somebody drains it. The first caller to find its
 * lane idle starts a drainer, which hands the queued claims to the {@link BatchDecider} in batches,
 * one transaction each, until the queue is empty. Every caller, the one that started the drainer
 * included, just waits for its own answer, up to the deadline: no caller is held up by serving
 * others, and none waits past the deadline even if the database hangs. At low load a batch holds one
 * claim: the same code path. Lanes of different coupons share nothing.
 * <p>
 * The invariant: a lane whose queue is not empty has exactly one drainer, or a caller about to become
 * it (the one whose compare-and-set of {@code draining} succeeds). Who touches what: callers add to
 * the queue (inside the map's compute for the coupon) and wait on their own {@link PendingClaim};
 * only the drainer takes from the queue, calls the decider and completes results; a lane leaves the
 * map only by its drainer, under the map's lock, and only while its queue is empty, and the drainer
 * gives up the flag only after that. So at most one thread decides a coupon's claims at a time.
 */
final class ClaimLanes {

    private final ConcurrentMap<CouponName, Lane> lanes = new ConcurrentHashMap<>();
    private final ClaimLaneSettings settings;
    private final BatchDecider decider;
    private final Executor drainers;

    ClaimLanes(ClaimLaneSettings settings, BatchDecider decider, Executor drainers) {
        this.settings = settings;
        this.decider = decider;
        this.drainers = drainers;
    }

    ClaimOutcome claim(CouponName couponName, UserId userId) {
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        PendingClaim pending = new PendingClaim(userId);
        // Queued under the map's lock for this coupon, which a lane also takes to retire: a claim
        // never lands in a lane that has left the map, so one coupon never has two lanes at once.
        Lane lane = lanes.compute(couponName, (name, existing) -> {
            Lane current = existing != null ? existing : new Lane(name);
            pending.accepted = current.offer(pending);
            return current;
        });
        if (!pending.accepted) {
            throw new ServiceBusyException(
                    "too many claims queued on coupon '" + couponName.value() + "'", settings.retryAfter());
        }
        if (lane.draining.compareAndSet(false, true)) {
            startDrainer(lane);
        }
        return pending.await(deadline, settings.retryAfter());
    }

    private void startDrainer(Lane lane) {
        try {
            drainers.execute(lane::drain);
        } catch (RejectedExecutionException shuttingDown) {
            lane.drain();
        }
    }

    private final class Lane {

        private final CouponName couponName;
        private final Queue<PendingClaim> queue = new ConcurrentLinkedQueue<>();
        /** Claims in {@code queue}, kept beside it because a concurrent queue's size() is O(n). */
        private final AtomicInteger length = new AtomicInteger();

        private final AtomicBoolean draining = new AtomicBoolean();

        Lane(CouponName couponName) {
            this.couponName = couponName;
        }

        boolean offer(PendingClaim pending) {
            if (length.incrementAndGet() > settings.maxQueueLength()) {
                length.decrementAndGet();
                return false;
            }
            queue.add(pending);
            return true;
        }

        /** Runs while this thread holds {@code draining}, until the queue is empty. */
        void drain() {
            try {
                drainUntilEmpty();
            } catch (Error fatal) {
                // Leave the lane to the next caller rather than busy forever.
                draining.set(false);
                throw fatal;
            }
        }

        private void drainUntilEmpty() {
            while (true) {
                List<PendingClaim> batch = takeBatch();
                if (!batch.isEmpty()) {
                    decide(batch);
                } else if (retireIfEmpty()) {
                    return;
                }
            }
        }

        /**
         * Leaves the map if the queue is empty, checked under the map's lock for the coupon, where
         * callers queue: no claim can land between the check and the removal, and none can reach the
         * lane once it is out of the map. Only then does this thread give up {@code draining}. Had it
         * dropped the flag first, a caller queueing meanwhile could start a second drainer on this
         * lane, this thread could retire the lane under it, and the next caller start a third on a
         * new lane: two batches of one coupon decided at once.
         *
         * @return true if the lane is out of the map and this thread no longer drains it; false if
         *         claims arrived, and this thread drains on
         */
        private boolean retireIfEmpty() {
            Lane mapped =
                    lanes.computeIfPresent(couponName, (name, lane) -> lane == this && queue.isEmpty() ? null : lane);
            if (mapped == this) {
                return false;
            }
            // Out of the map, so its queue stays empty: a caller that queued before the removal and
            // takes the flag now finds nothing to decide and leaves at once.
            draining.set(false);
            return true;
        }

        private List<PendingClaim> takeBatch() {
            List<PendingClaim> batch = new ArrayList<>();
            while (batch.size() < settings.maxBatchSize()) {
                PendingClaim next = queue.poll();
                if (next == null) {
                    break;
                }
                length.decrementAndGet();
                if (next.take()) {
                    batch.add(next);
                }
            }
            return batch;
        }

        private void decide(List<PendingClaim> batch) {
            try {
                List<ClaimOutcome> outcomes = decider.decide(
                        couponName, batch.stream().map(p -> p.userId).toList());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result.complete(outcomes.get(i));
                }
            } catch (RuntimeException e) {
                batch.forEach(p -> p.result.completeExceptionally(e));
            }
        }
    }

    private static final class PendingClaim {

        private static final int WAITING = 0;
        private static final int TAKEN = 1;
        private static final int ABANDONED = 2;

        private final UserId userId;
        private final CompletableFuture<ClaimOutcome> result = new CompletableFuture<>();
        /** Whether its lane's queue had room for it; set once, by the claiming thread, inside the map's compute. */
        private boolean accepted;

        private final AtomicInteger state = new AtomicInteger(WAITING);

        PendingClaim(UserId userId) {
            this.userId = userId;
        }

        boolean take() {
            return state.compareAndSet(WAITING, TAKEN);
        }

        ClaimOutcome await(long deadline, Duration retryAfter) {
            try {
                return result.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Still queued: withdrawn, it will never be decided. Already taken: its batch is
                // in flight and may yet be granted; a retry answers "already claimed" then.
                String fate = state.compareAndSet(WAITING, ABANDONED) ? "was withdrawn" : "is still being decided";
                throw new ServiceBusyException("the claim was not decided in time and " + fate, retryAfter);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                state.compareAndSet(WAITING, ABANDONED);
                throw new ServiceBusyException("interrupted while waiting for the claim", retryAfter, e);
            } catch (ExecutionException e) {
                throw switch (e.getCause()) {
                    // StorageUnavailableException among them: the caller maps it, as for every
                    // other claim strategy, so that an unreachable database has one answer.
                    case RuntimeException other -> other;
                    default -> new IllegalStateException(e.getCause());
                };
            }
        }
    }
}
