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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * Decides a batch of claims on one coupon as one optimistic transaction (design.md, "Claim path"):
 * read the coupon and which of the users hold it, let the coupon decide, save if the coupon is still
 * at the version decided on. A lost race (another writer changed the coupon or claimed for one of our
 * users) changes nothing, so the whole batch is decided again from fresh state, a bounded number of
 * times with jittered pauses.
 * <p>
 * On a hot coupon both reads are usually skipped, at no cost to correctness. The batch starts from
 * the state this instance saved last: if another instance wrote in between, the version check fails
 * and the batch is decided again from a fresh read. And while a coupon's recent requesters were all
 * newcomers, a decision that grants every distinct requester is saved without looking up holders:
 * the unique constraint proves none of them held the coupon, and if one did, the save changes
 * nothing and the batch is decided with the holders read.
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
    private record Remembered(Coupon coupon, boolean metHolders) {
    }

    /** How one attempt at a batch ended. */
    private sealed interface Attempt {
        /** Saved (or nothing to save): every requester has an outcome. */
        record Decided(ClaimDecision decision, boolean metHolders) implements Attempt {
        }

        /** There is no such coupon. */
        record NoCoupon() implements Attempt {
        }

        /** Another writer changed the coupon or claimed for a requester meanwhile; nothing was saved. */
        record LostRace() implements Attempt {
        }
    }

    ClaimBatchProcessor(CouponRepository coupons, ClaimRepository claims, SoldOutCoupons soldOut,
                        RetryPolicy retryPolicy, Duration retryAfter, RandomGenerator random) {
        this.coupons = coupons;
        this.claims = claims;
        this.soldOut = soldOut;
        this.retryPolicy = retryPolicy;
        this.retryAfter = retryAfter;
        this.random = random;
    }

    /**
     * One outcome per requester, in the order given.
     *
     * @throws ServiceBusyException when the batch lost {@code retryPolicy.maxAttempts()} races in a row
     */
    @Override
    public List<ClaimOutcome> decide(CouponName couponName, List<UserId> requesters) {
        Remembered remembered = lastSaved.remove(couponName);
        Attempt attempt = remembered == null
                ? withHolders(couponName, requesters, readCoupon(couponName))
                : fromSavedState(requesters, remembered);
        for (int attempts = 1; ; attempts++) {
            switch (attempt) {
                case Attempt.Decided decided -> {
                    remember(decided);
                    return decided.decision().outcomes();
                }
                case Attempt.NoCoupon ignored -> {
                    return Collections.nCopies(requesters.size(), ClaimOutcome.COUPON_NOT_FOUND);
                }
                case Attempt.LostRace ignored -> {
                    if (attempts >= retryPolicy.maxAttempts()) {
                        throw new ServiceBusyException("claims on coupon '" + couponName.value()
                                + "' lost " + attempts + " races in a row", retryAfter);
                    }
                    retries.increment();
                    Pause.sleep(retryPolicy.delayAfter(attempts, random), retryAfter);
                }
            }
            attempt = withHolders(couponName, requesters, readCoupon(couponName));
        }
    }

    /**
     * Decides on the state this instance saved last. Holders are looked up only when the last batch
     * met one, or when the decision without them refuses someone for lack of stock (a refused user
     * may hold the coupon and must hear "already claimed"), or when the unique constraint says a
     * requester held it after all.
     */
    private Attempt fromSavedState(List<UserId> requesters, Remembered remembered) {
        Coupon coupon = remembered.coupon();
        if (remembered.metHolders()) {
            return withHolders(coupon.name(), requesters, Optional.of(coupon));
        }
        ClaimDecision newcomersOnly = coupon.decide(requesters, Set.of());
        if (newcomersOnly.ranOutOfStock()) {
            return withHolders(coupon.name(), requesters, Optional.of(coupon));
        }
        return switch (claims.save(newcomersOnly)) {
            case SAVED -> new Attempt.Decided(newcomersOnly, false);
            case CLAIM_CONFLICT -> withHolders(coupon.name(), requesters, Optional.of(coupon));
            case VERSION_CONFLICT -> new Attempt.LostRace();
        };
    }

    /** Decides on {@code coupon} with the requesters' holdings read, and saves what it grants. */
    private Attempt withHolders(CouponName couponName, List<UserId> requesters, Optional<Coupon> coupon) {
        if (coupon.isEmpty()) {
            return new Attempt.NoCoupon();
        }
        Set<UserId> holders = claims.findHolders(couponName, new LinkedHashSet<>(requesters));
        ClaimDecision decision = coupon.get().decide(requesters, holders);
        SaveOutcome saved = decision.grantsAnything() ? claims.save(decision) : SaveOutcome.SAVED;
        return saved == SaveOutcome.SAVED ? new Attempt.Decided(decision, !holders.isEmpty()) : new Attempt.LostRace();
    }

    private Optional<Coupon> readCoupon(CouponName couponName) {
        return coupons.findByName(couponName);
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
