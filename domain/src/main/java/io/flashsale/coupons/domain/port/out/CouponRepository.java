package io.flashsale.coupons.domain.port.out;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponDetailsView;
import io.flashsale.coupons.domain.model.CouponName;
import java.util.Optional;

/** Outgoing port: where coupons are kept. */
public interface CouponRepository {

    /** @return false, changing nothing, when a coupon with that name exists */
    boolean add(Coupon coupon);

    Optional<Coupon> findByName(CouponName name);

    /**
     * Pushes the coupon and, if {@link CouponDetailsView#coupon} asks for them, its claimants in
     * claim order to {@code receiver}, all from one consistent snapshot. The receiver is called
     * while storage may still be held for the read, so it must not wait on anything slow (a
     * client's network).
     *
     * @return false, calling nothing on the receiver, when there is no such coupon
     * @throws StorageUnavailableException when storage is unreachable, fails mid-read (the receiver
     *         may then hold part of the details), or is too busy with other large reads to start this one
     */
    boolean readDetails(CouponName name, CouponDetailsView receiver);
}
