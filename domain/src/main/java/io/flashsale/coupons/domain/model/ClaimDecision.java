package io.flashsale.coupons.domain.model;

import java.util.List;

/**
 * The coupon's answer to a batch of claim requests: one outcome per request, in request order,
 * and the claims to record, which leave {@code remainingAfter} units of stock.
 */
public record ClaimDecision(Coupon decidedOn, List<ClaimOutcome> outcomes, List<Claim> grants) {

    public ClaimDecision {
        outcomes = List.copyOf(outcomes);
        grants = List.copyOf(grants);
    }

    public int remainingAfter() {
        return decidedOn.remainingAmount() - grants.size();
    }

    /** The coupon once this decision is saved: its grants taken from the stock, at the next version. */
    public Coupon couponAfter() {
        return Coupon.rebuild(decidedOn.name(), decidedOn.amount(), remainingAfter(), decidedOn.version() + 1);
    }

    public boolean grantsAnything() {
        return !grants.isEmpty();
    }

    /** Whether some request was refused because no unit was left for it. */
    public boolean ranOutOfStock() {
        return outcomes.contains(ClaimOutcome.SOLD_OUT);
    }
}
