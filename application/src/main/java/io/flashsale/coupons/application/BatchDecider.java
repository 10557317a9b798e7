package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import java.util.List;

/** Decides a batch of claims on one coupon: what a claim lane hands its queued claims to. */
@FunctionalInterface
interface BatchDecider {

    /**
     * @param requesters the users asking, in arrival order; a user may appear more than once
     * @return one outcome per requester, in the same order
     * @throws RuntimeException when the batch cannot be decided now; every requester gets that failure
     */
    List<ClaimOutcome> decide(CouponName couponName, List<UserId> requesters);
}
