package io.flashsale.coupons.domain.model;

import java.time.Instant;
import java.util.Objects;

/** Something that happened to a coupon and that the systems behind the sale learn of. */
public sealed interface CouponEvent {

    CouponName couponName();

    /** When it happened: the time its claim was recorded (the database's clock). */
    default Instant occurredAt() {
        return switch (this) {
            case Claimed claimed -> claimed.claimedAt();
            case SoldOut soldOut -> soldOut.soldOutAt();
        };
    }

    /**
     * A unit of a coupon was granted to a user.
     *
     * @param claimId   the claim's identity: unique over all claims, so consumers deduplicate by it
     * @param claimedAt when the claim was recorded (the database's clock)
     */
    record Claimed(long claimId, CouponName couponName, UserId userId, Instant claimedAt) implements CouponEvent {

        public Claimed {
            Objects.requireNonNull(couponName, "couponName");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(claimedAt, "claimedAt");
        }
    }

    /**
     * The last unit of a coupon was granted: nobody else will get it.
     *
     * @param amount     the coupon's whole stock, now all claimed
     * @param lastClaimId the claim that took the last unit
     * @param soldOutAt  when that claim was recorded
     */
    record SoldOut(CouponName couponName, int amount, long lastClaimId, Instant soldOutAt) implements CouponEvent {

        public SoldOut {
            Objects.requireNonNull(couponName, "couponName");
            Objects.requireNonNull(soldOutAt, "soldOutAt");
        }
    }
}
