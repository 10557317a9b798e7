package io.flashsale.coupons.adapter.persistence;

import static io.flashsale.coupons.adapter.persistence.StorageCalls.call;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.CouponDetailsView;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import java.util.Optional;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/** Coupons in table {@code coupons}; details read in one repeatable-read snapshot. */
class JdbcCouponRepository implements CouponRepository {

    private static final RowMapper<CouponRow> COUPON_ROW = new DataClassRowMapper<>(CouponRow.class);

    private final JdbcClient jdbc;
    private final TransactionOperations snapshot;

    JdbcCouponRepository(JdbcClient jdbc, TransactionOperations snapshot) {
        this.jdbc = jdbc;
        this.snapshot = snapshot;
    }

    @Override
    public boolean add(Coupon coupon) {
        return call("create coupon", () -> jdbc.sql("""
                        INSERT INTO coupons (name, amount, remaining_amount, version)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (name) DO NOTHING""")
                .params(coupon.name().value(), coupon.amount(), coupon.remainingAmount(), coupon.version())
                .update() == 1);
    }

    @Override
    public Optional<Coupon> findByName(CouponName name) {
        return call("read coupon", () -> findRow(name).map(CouponRow::toDomain));
    }

    @Override
    public boolean readDetails(CouponName name, CouponDetailsView view) {
        return call("read coupon details", () -> snapshot.execute(status -> {
            Optional<CouponRow> row = findRow(name);
            if (row.isEmpty()) {
                return false;
            }
            view.coupon(row.get().toDomain());
            jdbc.sql("SELECT user_id FROM claims WHERE coupon_name = ? ORDER BY id")
                    .param(name.value())
                    .query((RowCallbackHandler) rs -> view.claimant(new UserId(rs.getString(1))));
            return true;
        }));
    }

    private Optional<CouponRow> findRow(CouponName name) {
        return jdbc.sql("SELECT name, amount, remaining_amount, version FROM coupons WHERE name = ?")
                .param(name.value())
                .query(COUPON_ROW)
                .optional();
    }
}
