package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.ClaimDecision;
import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import io.flashsale.coupons.domain.port.out.ClaimRepository;
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
 * holders read. Neither shortcut costs correctness anything.
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
        Coupon coupon = remembered == null ? null : remembered.coupon();
        boolean lookUpHolders = remembered == null || remembered.metHolders();
        for (int attempt = 1; ; ) {
            if (coupon == null) {
                Optional<Coupon> found = coupons.findByName(couponName);
                if (found.isEmpty()) {
                    return Collections.nCopies(requesters.size(), ClaimOutcome.COUPON_NOT_FOUND);
                }
                coupon = found.get();
            }
            Set<UserId> holders = lookUpHolders
                    ? claims.findHolders(couponName, new LinkedHashSet<>(requesters))
                    : Set.of();
            ClaimDecision decision = coupon.decide(requesters, holders);
            if (!lookUpHolders && decision.ranOutOfStock()) {
                // Whoever is refused for lack of stock may hold the coupon already: ask.
                lookUpHolders = true;
                continue;
            }
            ClaimRepository.SaveOutcome saved = decision.grantsAnything()
                    ? claims.save(decision)
                    : ClaimRepository.SaveOutcome.SAVED;
            if (saved == ClaimRepository.SaveOutcome.SAVED) {
                remember(decision.grantsAnything() ? decision.couponAfter() : decision.decidedOn(), !holders.isEmpty());
                return decision.outcomes();
            }
            if (saved == ClaimRepository.SaveOutcome.CLAIM_CONFLICT && !lookUpHolders) {
                // Not a lost race: a requester held the coupon, as the unique constraint says.
                lookUpHolders = true;
                continue;
            }
            if (attempt >= retryPolicy.maxAttempts()) {
                throw new ServiceBusyException("claims on coupon '" + couponName.value()
                        + "' lost " + attempt + " races in a row", retryAfter);
            }
            retries.increment();
            Pause.sleep(retryPolicy.delayAfter(attempt, random), retryAfter);
            attempt++;
            coupon = null;
        }
    }

    private void remember(Coupon coupon, boolean metHolders) {
        if (coupon.isSoldOut()) {
            soldOut.remember(coupon);
        } else if (lastSaved.size() < MAX_REMEMBERED) {
            lastSaved.put(coupon.name(), new Remembered(coupon, metHolders));
        }
    }

    long retries() {
        return retries.sum();
    }
}
