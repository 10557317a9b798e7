package io.flashsale.coupons.domain.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A coupon with a fixed amount of units; each claim takes one. Stock never grows and never goes
 * below zero, and {@code version} changes with every change of stock (optimistic locking).
 */
public final class Coupon {

    public static final long MAX_AMOUNT = Integer.MAX_VALUE;

    private final CouponName name;
    private final int amount;
    private final int remainingAmount;
    private final long version;

    private Coupon(CouponName name, int amount, int remainingAmount, long version) {
        this.name = Objects.requireNonNull(name, "name");
        this.amount = amount;
        this.remainingAmount = remainingAmount;
        this.version = version;
    }

    /** A new coupon with all of its units still to claim. */
    public static Coupon create(CouponName name, long amount) {
        int checkedAmount = requireValidAmount(amount);
        return new Coupon(name, checkedAmount, checkedAmount, 0);
    }

    /** A coupon as storage holds it. */
    public static Coupon rebuild(CouponName name, int amount, int remainingAmount, long version) {
        requireValidAmount(amount);
        if (remainingAmount < 0 || remainingAmount > amount) {
            throw new IllegalStateException(
                    "coupon " + name + " has remaining amount " + remainingAmount + " outside 0.." + amount);
        }
        return new Coupon(name, amount, remainingAmount, version);
    }

    public static int requireValidAmount(long amount) {
        if (amount < 1 || amount > MAX_AMOUNT) {
            throw new InvalidValueException("amount", "must be an integer between 1 and " + MAX_AMOUNT);
        }
        return (int) amount;
    }

    /**
     * Decides a batch of claim requests in arrival order. For each user: one who already holds the
     * coupon, or was granted it earlier in this batch, has already claimed it; otherwise the request
     * is sold out when no unit is left, and granted when one is.
     *
     * @param requesters the users asking, in arrival order; a user may appear more than once
     * @param holders    those among them who held the coupon before this batch
     */
    public ClaimDecision decide(List<UserId> requesters, Collection<UserId> holders) {
        List<ClaimOutcome> outcomes = new ArrayList<>(requesters.size());
        List<Claim> grants = new ArrayList<>();
        Set<UserId> holdersAfter = new HashSet<>(holders);
        int left = remainingAmount;
        for (UserId user : requesters) {
            if (holdersAfter.contains(user)) {
                outcomes.add(ClaimOutcome.ALREADY_CLAIMED);
            } else if (left == 0) {
                outcomes.add(ClaimOutcome.SOLD_OUT);
            } else {
                left--;
                holdersAfter.add(user);
                grants.add(new Claim(name, user));
                outcomes.add(ClaimOutcome.GRANTED);
            }
        }
        return new ClaimDecision(this, outcomes, grants);
    }

    public boolean isSoldOut() {
        return remainingAmount == 0;
    }

    public CouponName name() {
        return name;
    }

    public int amount() {
        return amount;
    }

    public int remainingAmount() {
        return remainingAmount;
    }

    public long version() {
        return version;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Coupon that
                && name.equals(that.name)
                && amount == that.amount
                && remainingAmount == that.remainingAmount
                && version == that.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, amount, remainingAmount, version);
    }

    @Override
    public String toString() {
        return "Coupon[" + name + ", " + remainingAmount + "/" + amount + ", v" + version + "]";
    }
}
