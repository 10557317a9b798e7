package io.flashsale.coupons.archfixtures.domain.port.out;

import io.flashsale.coupons.archfixtures.domain.port.in.ClaimThing;

/** Wrong: an outgoing port that takes an incoming port's type, so storage would know the use cases. */
public interface ClaimThingRepository {

    void save(ClaimThing claim);
}
