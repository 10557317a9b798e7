package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The coupons this instance has seen at zero stock. Stock never grows and claims are never taken
 * back, so a coupon once sold out stays sold out and the set of its holders is final: read once,
 * it answers every later claim from memory, on any instance. Holder sets are kept only up to a
 * total number of holders, so that memory stays bounded; the claims on a sold-out coupon beyond
 * that are answered by a read of the database.
 */
final class SoldOutCoupons {

    private final Map<CouponName, SoldOut> coupons = new ConcurrentHashMap<>();
    private final int maxHoldersInMemory;
    private int holdersBudgeted;

    /** @param maxHoldersInMemory holders kept over all sold-out coupons; about 100 bytes of heap each */
    SoldOutCoupons(int maxHoldersInMemory) {
        this.maxHoldersInMemory = maxHoldersInMemory;
    }

    void remember(Coupon coupon) {
        coupons.computeIfAbsent(coupon.name(), name -> new SoldOut(budgetFor(coupon.amount())));
    }

    boolean contains(CouponName name) {
        return coupons.containsKey(name);
    }

    /** The final holders of a sold-out coupon, if they have been read into memory already. */
    Optional<Set<UserId>> holdersInMemory(CouponName name) {
        SoldOut soldOut = coupons.get(name);
        return soldOut == null ? Optional.empty() : Optional.ofNullable(soldOut.holders);
    }

    /**
     * The final holders of a sold-out coupon whose holders fit in memory, read with {@code readAll}
     * the first time; empty for a coupon with too many holders to keep. Called from the coupon's
     * sold-out lane, one batch at a time, so the holders are read once.
     */
    Optional<Set<UserId>> finalHolders(CouponName name, Supplier<Set<UserId>> readAll) {
        SoldOut soldOut = coupons.get(name);
        if (soldOut == null || !soldOut.keepsHolders) {
            return Optional.empty();
        }
        if (soldOut.holders == null) {
            soldOut.holders = Set.copyOf(readAll.get());
        }
        return Optional.of(soldOut.holders);
    }

    private synchronized boolean budgetFor(int holders) {
        if (holders > maxHoldersInMemory - holdersBudgeted) {
            return false;
        }
        holdersBudgeted += holders;
        return true;
    }

    private static final class SoldOut {
        final boolean keepsHolders;
        volatile Set<UserId> holders;

        SoldOut(boolean keepsHolders) {
            this.keepsHolders = keepsHolders;
        }
    }
}
