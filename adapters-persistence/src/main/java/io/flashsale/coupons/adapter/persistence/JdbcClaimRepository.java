package io.flashsale.coupons.adapter.persistence;

import static io.flashsale.coupons.adapter.persistence.StorageCalls.call;

import io.flashsale.coupons.domain.model.Claim;
import io.flashsale.coupons.domain.model.ClaimDecision;
import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.out.ClaimRepository;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Claims in table {@code claims}. Saving a batch is one short transaction: the version-checked
 * stock update first (it takes the coupon's row lock, so racing writers queue behind it and then
 * miss the version), then one insert for all of the batch's claims in arrival order.
 */
class JdbcClaimRepository implements ClaimRepository {

    private final JdbcClient jdbc;
    private final TransactionOperations transaction;

    JdbcClaimRepository(JdbcClient jdbc, TransactionOperations transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public Set<UserId> findHolders(CouponName couponName, Collection<UserId> users) {
        return call("read claims", () -> new HashSet<>(jdbc.sql(
                        "SELECT user_id FROM claims WHERE coupon_name = ? AND user_id = ANY (?::text[])")
                .params(couponName.value(), userIds(users))
                .query((rs, n) -> new UserId(rs.getString(1)))
                .list()));
    }

    @Override
    public SaveOutcome save(ClaimDecision decision) {
        Coupon coupon = decision.decidedOn();
        return call("save claims", () -> transaction.execute(status -> {
            int updated = jdbc.sql("""
                            UPDATE coupons SET remaining_amount = ?, version = version + 1
                            WHERE name = ? AND version = ?""")
                    .params(decision.remainingAfter(), coupon.name().value(), coupon.version())
                    .update();
            if (updated == 0) {
                return SaveOutcome.VERSION_CONFLICT;
            }
            try {
                jdbc.sql("""
                                INSERT INTO claims (coupon_name, user_id)
                                SELECT ?, user_id FROM unnest(?::text[]) WITH ORDINALITY AS batch (user_id, position)
                                ORDER BY position""")
                        .params(coupon.name().value(), userIds(decision.grants().stream().map(Claim::userId).toList()))
                        .update();
            } catch (DuplicateKeyException claimedMeanwhile) {
                status.setRollbackOnly();
                return SaveOutcome.CLAIM_CONFLICT;
            }
            return SaveOutcome.SAVED;
        }));
    }

    private static String[] userIds(Collection<UserId> users) {
        return users.stream().map(UserId::value).toArray(String[]::new);
    }
}
