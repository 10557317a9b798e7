package io.flashsale.coupons.domain.port.out;

import io.flashsale.coupons.domain.model.Claim;
import io.flashsale.coupons.domain.model.ClaimDecision;
import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponDetailsView;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Both repository ports in memory, with the database's guarantees: a save is atomic, checks the
 * version and refuses a second claim of one user. {@link InMemoryStorageContractTest} proves it
 * keeps the ports' promises as the JDBC adapter does. Reads and saves may be slowed down to widen
 * race windows; the counters say how often each was called. Published with domain's test-jar, for
 * the application's tests.
 */
public final class InMemoryStorage implements CouponRepository, ClaimRepository {

    private final Map<CouponName, Coupon> coupons = new HashMap<>();
    private final List<Claim> claims = new ArrayList<>();
    public final AtomicInteger couponReads = new AtomicInteger();
    public final AtomicInteger holderReads = new AtomicInteger();
    public final AtomicInteger allHolderReads = new AtomicInteger();
    public final AtomicInteger saves = new AtomicInteger();
    public final AtomicInteger detailReads = new AtomicInteger();
    private final List<Integer> savedBatchSizes = new ArrayList<>();
    public volatile long delayMillis;
    /** When set, coupon reads and saves wait for it to open: holds a batch in flight. */
    public volatile java.util.concurrent.CountDownLatch gate;
    /** When set, every save loses the optimistic race. */
    public volatile boolean alwaysConflict;
    /** When set, every coupon and details read fails as if the database were down. */
    public volatile boolean down;

    @Override
    public synchronized boolean add(Coupon coupon) {
        return coupons.putIfAbsent(coupon.name(), coupon) == null;
    }

    @Override
    public Optional<Coupon> findByName(CouponName name) {
        couponReads.incrementAndGet();
        if (down) {
            throw new StorageUnavailableException("down", null);
        }
        awaitGate();
        Optional<Coupon> coupon;
        synchronized (this) {
            coupon = Optional.ofNullable(coupons.get(name));
        }
        slowDown();
        return coupon;
    }

    @Override
    public synchronized boolean readDetails(CouponName name, CouponDetailsView view) {
        Coupon coupon = coupons.get(name);
        if (coupon == null) {
            return false;
        }
        detailReads.incrementAndGet();
        if (down) {
            throw new StorageUnavailableException("down", null);
        }
        if (!view.coupon(coupon)) {
            return true;
        }
        claims.stream().filter(c -> c.couponName().equals(name)).forEach(c -> view.claimant(c.userId()));
        return true;
    }

    @Override
    public Set<UserId> findHolders(CouponName couponName, Collection<UserId> users) {
        holderReads.incrementAndGet();
        Set<UserId> holders = new HashSet<>();
        synchronized (this) {
            claims.stream()
                    .filter(c -> c.couponName().equals(couponName) && users.contains(c.userId()))
                    .forEach(c -> holders.add(c.userId()));
        }
        slowDown();
        return holders;
    }

    @Override
    public synchronized Set<UserId> findAllHolders(CouponName couponName) {
        allHolderReads.incrementAndGet();
        return new HashSet<>(holders(couponName));
    }

    @Override
    public SaveOutcome save(ClaimDecision decision) {
        saves.incrementAndGet();
        awaitGate();
        slowDown();
        return saveNow(decision);
    }

    private synchronized SaveOutcome saveNow(ClaimDecision decision) {
        if (alwaysConflict) {
            return SaveOutcome.VERSION_CONFLICT;
        }
        Coupon decidedOn = decision.decidedOn();
        Coupon current = coupons.get(decidedOn.name());
        if (current == null || current.version() != decidedOn.version()) {
            return SaveOutcome.VERSION_CONFLICT;
        }
        for (Claim grant : decision.grants()) {
            if (claims.contains(grant)) {
                return SaveOutcome.CLAIM_CONFLICT;
            }
        }
        claims.addAll(decision.grants());
        savedBatchSizes.add(decision.grants().size());
        coupons.put(decidedOn.name(), decision.couponAfter());
        return SaveOutcome.SAVED;
    }

    public synchronized Coupon coupon(CouponName name) {
        return coupons.get(name);
    }

    public synchronized List<UserId> holders(CouponName name) {
        return claims.stream()
                .filter(c -> c.couponName().equals(name))
                .map(Claim::userId)
                .toList();
    }

    public synchronized int largestSavedBatch() {
        return savedBatchSizes.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private void awaitGate() {
        java.util.concurrent.CountDownLatch latch = gate;
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void slowDown() {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
