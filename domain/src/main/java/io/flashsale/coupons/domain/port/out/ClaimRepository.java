package io.flashsale.coupons.domain.port.out;

import io.flashsale.coupons.domain.model.ClaimDecision;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import java.util.Collection;
import java.util.Set;

/** Outgoing port: the claims held on coupons, recorded together with the stock they take. */
public interface ClaimRepository {

    /** Those of {@code users} who hold coupon {@code couponName}. */
    Set<UserId> findHolders(CouponName couponName, Collection<UserId> users);

    /** Everybody who holds coupon {@code couponName}: for coupons whose holders fit in memory. */
    Set<UserId> findAllHolders(CouponName couponName);

    /**
     * Records the decision's grants and deducts them from the stock, as one atomic unit, provided the
     * coupon is still at the version the decision was made on; the coupon is then
     * {@link ClaimDecision#couponAfter()}. Otherwise records nothing. Takes only a decision that
     * {@link ClaimDecision#grantsAnything() grants something}: one that grants nothing has nothing to
     * record. The promises are tested against every implementation by {@code RepositoryPortsContract}
     * (domain's test sources).
     */
    SaveOutcome save(ClaimDecision decision);

    /** How {@link #save} ended. */
    enum SaveOutcome {
        /** Every grant is recorded and the stock deducted. */
        SAVED,
        /** The coupon changed since the decision (another writer won), or does not exist: decide again. */
        VERSION_CONFLICT,
        /** Another writer recorded a claim for one of the users meanwhile: decide again. */
        CLAIM_CONFLICT
    }
}
