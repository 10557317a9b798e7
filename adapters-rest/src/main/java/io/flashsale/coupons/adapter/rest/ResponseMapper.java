package io.flashsale.coupons.adapter.rest;

import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import org.mapstruct.Mapper;

/** Commands to response bodies: value objects become their text, fields their snake_case names. */
@Mapper
interface ResponseMapper {

    ClaimResponse toClaimResponse(ClaimCouponCommand command);

    default String text(CouponName name) {
        return name.value();
    }

    default String text(UserId userId) {
        return userId.value();
    }
}
