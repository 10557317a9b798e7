package io.flashsale.coupons.adapter.rest;

import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.CreateCouponCommand;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

/** Domain values to response bodies. */
@Mapper
interface ResponseMapper {

    ClaimResponse toClaimResponse(ClaimCouponCommand command);

    /** A coupon just created: full stock, nobody has claimed it yet. */
    @Mapping(target = "remainingAmount", source = "amount")
    @Mapping(target = "claimedBy", expression = "java(java.util.List.of())")
    CouponResponse toNewCouponResponse(CreateCouponCommand command);

    default String text(CouponName name) {
        return name.value();
    }

    default String text(UserId userId) {
        return userId.value();
    }
}
