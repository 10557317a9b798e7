package io.flashsale.coupons.adapter.persistence;

import static io.flashsale.coupons.adapter.persistence.StorageCalls.call;

import io.flashsale.coupons.domain.model.Claim;
import io.flashsale.coupons.domain.model.ClaimDecision;
import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.out.ClaimRepository;
import java.util.Collection;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Claims in table {@code claims}. Saving a batch is one statement, so one round trip and one
 * transaction: the version-checked stock update (it takes the coupon's row lock, so racing writers
 * queue behind it and then miss the version) feeds one insert of all the batch's claims in arrival
 * order. A missed version inserts nothing; a claim another writer made meanwhile violates the
 * unique constraint and undoes the whole statement.
 */
class JdbcClaimRepository implements ClaimRepository {

    private static final RowMapper<UserId> USER_ID = (rs, n) -> new UserId(rs.getString(1));

    private final JdbcClient jdbc;

    JdbcClaimRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<UserId> findHolders(CouponName couponName, Collection<UserId> users) {
        return call(
                "read claims",
                () -> jdbc.sql("SELECT user_id FROM claims WHERE coupon_name = ? AND user_id = ANY (?::text[])")
                        .params(couponName.value(), userIds(users))
                        .query(USER_ID)
                        .set());
    }

    @Override
    public Set<UserId> findAllHolders(CouponName couponName) {
        return call(
                "read claims",
                () -> jdbc.sql("SELECT user_id FROM claims WHERE coupon_name = ?")
                        .param(couponName.value())
                        .query(USER_ID)
                        .set());
    }

    @Override
    public SaveOutcome save(ClaimDecision decision) {
        Coupon coupon = decision.decidedOn();
        return call("save claims", () -> {
            try {
                int inserted = jdbc.sql("""
                                WITH taken AS (
                                    UPDATE coupons SET remaining_amount = ?, version = version + 1
                                    WHERE name = ? AND version = ?
                                    RETURNING name)
                                INSERT INTO claims (coupon_name, user_id)
                                SELECT taken.name, batch.user_id
                                FROM taken, unnest(?::text[]) WITH ORDINALITY AS batch (user_id, position)
                                ORDER BY batch.position""")
                        .params(
                                decision.remainingAfter(),
                                coupon.name().value(),
                                coupon.version(),
                                userIds(decision.grants().stream()
                                        .map(Claim::userId)
                                        .toList()))
                        .update();
                return inserted == 0 ? SaveOutcome.VERSION_CONFLICT : SaveOutcome.SAVED;
            } catch (DuplicateKeyException claimedMeanwhile) {
                return SaveOutcome.CLAIM_CONFLICT;
            }
        });
    }

    private static String[] userIds(Collection<UserId> users) {
        return users.stream().map(UserId::value).toArray(String[]::new);
    }
}
