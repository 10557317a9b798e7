package io.flashsale.coupons.domain.port.out;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.port.in.CouponDetailsView;
import java.util.Optional;

/** Outgoing port: where coupons are kept. */
public interface CouponRepository {

    /** @return false, changing nothing, when a coupon with that name exists */
    boolean add(Coupon coupon);

    Optional<Coupon> findByName(CouponName name);

    /**
     * Pushes the coupon and its claimants to the view from one consistent snapshot.
     *
     * @return false, calling nothing on the view, when there is no such coupon
     */
    boolean readDetails(CouponName name, CouponDetailsView view);
}
