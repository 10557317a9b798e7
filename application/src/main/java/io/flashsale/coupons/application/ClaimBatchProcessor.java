package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.ClaimDecision;
import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import io.flashsale.coupons.domain.port.out.ClaimRepository;
import io.flashsale.coupons.domain.port.out.ClaimRepository.SaveOutcome;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * Decides a batch of claims on one coupon as one optimistic transaction: read the coupon and which
 * of the users hold it, let the coupon decide, save if the coupon is still at the version decided
 * on. A lost race (another writer changed the coupon or claimed for one of our users) changes
 * nothing, so the whole batch is decided again from fresh state, a bounded number of times.
 * <p>
 * On a hot coupon two reads are skipped. The next batch starts from the state this instance has
 * just saved, without reading the coupon again: if another instance wrote in between, the version
 * check fails and the batch is decided again from a fresh read. And while a coupon's recent
 * requesters were all newcomers, nobody's holdings are looked up: a decision that grants every
 * distinct requester is saved as it is, and the unique constraint proves that none of them held
 * the coupon; if one did, the save changes nothing and the batch is decided again with the
 * holders read. So is a decision without them that refuses anyone for lack of stock: a refused
 * user may hold the coupon and must hear "already claimed". Neither shortcut costs correctness
 * anything, and neither counts as a lost race.
 */
final class ClaimBatchProcessor implements BatchDecider {

    /** Coupons whose saved state is remembered; beyond it the coupon is simply read. */
    private static final int MAX_REMEMBERED = 10_000;

    private final CouponRepository coupons;
    private final ClaimRepository claims;
    private final SoldOutCoupons soldOut;
    private final RetryPolicy retryPolicy;
    private final Duration retryAfter;
    private final RandomGenerator random;
    private final LongAdder retries = new LongAdder();
    private final Map<CouponName, Remembered> lastSaved = new ConcurrentHashMap<>();

    /** A coupon as this instance saved it last, and whether that batch met users who held it. */
    private record Remembered(Coupon coupon, boolean metHolders) {}

    /** How one attempt at a batch ended. */
    private sealed interface Attempt {

        /** Saved, or nothing to save: every requester has an outcome. */
        record Decided(ClaimDecision decision, boolean metHolders) implements Attempt {}

        /** Decided without the requesters' holdings, but one of them may hold the coupon; nothing was saved. */
        record HoldersNeeded(Coupon coupon) implements Attempt {}

        /** Another writer changed the coupon or claimed for a requester meanwhile; nothing was saved. */
        record LostRace() implements Attempt {}

        /** There is no such coupon. */
        record NotFound() implements Attempt {}
    }

    ClaimBatchProcessor(
            CouponRepository coupons,
            ClaimRepository claims,
            SoldOutCoupons soldOut,
            RetryPolicy retryPolicy,
            Duration retryAfter,
            RandomGenerator random) {
        this.coupons = coupons;
        this.claims = claims;
        this.soldOut = soldOut;
        this.retryPolicy = retryPolicy;
        this.retryAfter = retryAfter;
        this.random = random;
    }

    /**
     * One outcome per requester, in the order given. Only lost races count against
     * {@code retryPolicy.maxAttempts()}; deciding the same coupon again with the holders read
     * ({@code HoldersNeeded}) does not, and happens at most once per coupon read.
     *
     * @throws ServiceBusyException when the batch lost {@code retryPolicy.maxAttempts()} races in a row
     */
    @Override
    public List<ClaimOutcome> decide(CouponName couponName, List<UserId> requesters) {
        Remembered remembered = lastSaved.remove(couponName);
        Coupon known = remembered == null ? null : remembered.coupon();
        boolean readHolders = remembered == null || remembered.metHolders();
        for (int lostRaces = 0; ; ) {
            switch (attempt(couponName, known, requesters, readHolders)) {
                case Attempt.Decided decided -> {
                    remember(decided);
                    return decided.decision().outcomes();
                }
                case Attempt.NotFound _ -> {
                    return Collections.nCopies(requesters.size(), ClaimOutcome.COUPON_NOT_FOUND);
                }
                case Attempt.HoldersNeeded needed -> {
                    known = needed.coupon();
                    readHolders = true;
                }
                case Attempt.LostRace _ -> {
                    lostRaces++;
                    pauseOrGiveUp(couponName, lostRaces);
                    known = null;
                }
            }
        }
    }

    /**
     * Decides the batch on {@code known}, or on the coupon read now if null, with the requesters'
     * holdings read if {@code readHolders}, and saves what it grants.
     */
    private Attempt attempt(CouponName couponName, Coupon known, List<UserId> requesters, boolean readHolders) {
        Coupon coupon = known != null ? known : coupons.findByName(couponName).orElse(null);
        if (coupon == null) {
            return new Attempt.NotFound();
        }
        Set<UserId> holders = readHolders ? claims.findHolders(couponName, new LinkedHashSet<>(requesters)) : Set.of();
        ClaimDecision decision = coupon.decide(requesters, holders);
        if (!readHolders && decision.ranOutOfStock()) {
            // Whoever is refused for lack of stock may hold the coupon already: ask.
            return new Attempt.HoldersNeeded(coupon);
        }
        SaveOutcome saved = decision.grantsAnything() ? claims.save(decision) : SaveOutcome.SAVED;
        if (saved == SaveOutcome.SAVED) {
            return new Attempt.Decided(decision, !holders.isEmpty());
        }
        if (saved == SaveOutcome.CLAIM_CONFLICT && !readHolders) {
            // Not a lost race: a requester held the coupon, as the unique constraint says.
            return new Attempt.HoldersNeeded(coupon);
        }
        return new Attempt.LostRace();
    }

    /** After the {@code lostRaces}-th lost race in a row: a jittered pause, or busy once the bound is reached. */
    private void pauseOrGiveUp(CouponName couponName, int lostRaces) {
        if (lostRaces >= retryPolicy.maxAttempts()) {
            throw new ServiceBusyException(
                    "claims on coupon '" + couponName.value() + "' lost " + lostRaces + " races in a row", retryAfter);
        }
        retries.increment();
        Pause.sleep(retryPolicy.delayAfter(lostRaces, random), retryAfter);
    }

    private void remember(Attempt.Decided decided) {
        ClaimDecision decision = decided.decision();
        Coupon coupon = decision.grantsAnything() ? decision.couponAfter() : decision.decidedOn();
        if (coupon.isSoldOut()) {
            soldOut.remember(coupon);
        } else if (lastSaved.size() < MAX_REMEMBERED) {
            lastSaved.put(coupon.name(), new Remembered(coupon, decided.metHolders()));
        }
    }

    long retries() {
        return retries.sum();
    }
}
