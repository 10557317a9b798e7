package io.flashsale.coupons.domain.port.in;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import java.util.Objects;

/** Create a coupon named {@code name} with {@code amount} units. */
public record CreateCouponCommand(CouponName name, long amount) {

    public CreateCouponCommand {
        Objects.requireNonNull(name, "name");
        Coupon.requireValidAmount(amount);
    }
}
