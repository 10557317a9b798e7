package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The details of coupons seen sold out. Stock never grows and claims are never taken back, so a
 * sold-out coupon never changes again, on any instance: read once, its details answer every later
 * read from memory. Memory stays bounded: at most {@code maxCoupons} coupons, and their claimant
 * lists only up to {@code maxClaimants} claimants in all (a coupon beyond that is remembered without
 * its list, which is then read from storage each time).
 */
final class SoldOutDetails {

    /** A name and a final coupon: a few hundred bytes each, a few megabytes at most. */
    static final int DEFAULT_MAX_COUPONS = 10_000;
    /** About 100 bytes each: a few megabytes at most. */
    static final int DEFAULT_MAX_CLAIMANTS = 50_000;

    /** A sold-out coupon; {@code claimants} in claim order, or null when not kept. */
    record Known(Coupon coupon, List<UserId> claimants) {}

    private final Map<CouponName, Known> coupons = new ConcurrentHashMap<>();
    private final int maxCoupons;
    private final int maxClaimants;
    private int claimantsKept;

    SoldOutDetails(int maxCoupons, int maxClaimants) {
        this.maxCoupons = maxCoupons;
        this.maxClaimants = maxClaimants;
    }

    /** The sold-out coupon of that name, or null when it is not known to be sold out. */
    Known get(CouponName name) {
        return coupons.get(name);
    }

    /** Whether a list of {@code claimants} claimants could still be kept. */
    synchronized boolean hasRoomFor(int claimants) {
        return claimants <= maxClaimants - claimantsKept;
    }

    /**
     * Remembers a coupon read at zero stock, with its complete claimant list in claim order if
     * there is room for it, else (or when {@code claimants} is null) without.
     */
    synchronized void remember(Coupon coupon, List<UserId> claimants) {
        if (coupon.remainingAmount() != 0) {
            throw new IllegalArgumentException("coupon " + coupon.name() + " is not sold out");
        }
        Known known = coupons.get(coupon.name());
        if (known == null && coupons.size() >= maxCoupons || known != null && known.claimants() != null) {
            return;
        }
        if (claimants != null && hasRoomFor(claimants.size())) {
            claimantsKept += claimants.size();
            coupons.put(coupon.name(), new Known(coupon, List.copyOf(claimants)));
        } else if (known == null) {
            coupons.put(coupon.name(), new Known(coupon, null));
        }
    }
}
