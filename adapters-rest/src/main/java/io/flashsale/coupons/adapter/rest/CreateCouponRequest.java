package io.flashsale.coupons.adapter.rest;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.port.in.CreateCouponCommand;

/** Body of {@code POST /api/coupons}. Missing fields arrive as null. */
record CreateCouponRequest(String name, Long amount) {

    static final String NAME = "name";
    static final String AMOUNT = "amount";

    /**
     * The command, fields checked in order.
     *
     * @throws InvalidFieldException naming the first field that is missing or that the model refuses
     */
    CreateCouponCommand toCommand() {
        CouponName couponName = InvalidFieldException.parse(NAME, name, CouponName::new);
        long units = InvalidFieldException.parse(AMOUNT, amount, Coupon::requireValidAmount);
        return new CreateCouponCommand(couponName, units);
    }
}
