package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponAlreadyExistsException;
import io.flashsale.coupons.domain.port.in.CreateCouponCommand;
import io.flashsale.coupons.domain.port.in.CreateCouponUseCase;
import io.flashsale.coupons.domain.port.out.CouponRepository;

/** Creates coupons; the repository's unique name settles concurrent creates of one name. */
public final class CreateCouponService implements CreateCouponUseCase {

    private final CouponRepository coupons;

    public CreateCouponService(CouponRepository coupons) {
        this.coupons = coupons;
    }

    @Override
    public Coupon createCoupon(CreateCouponCommand command) {
        Coupon coupon = Coupon.create(command.name(), command.amount());
        if (!coupons.add(coupon)) {
            throw new CouponAlreadyExistsException(command.name());
        }
        return coupon;
    }
}
