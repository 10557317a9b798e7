package io.flashsale.coupons.archfixtures.application;

import io.flashsale.coupons.archfixtures.domain.port.in.ClaimThing;
import io.flashsale.coupons.archfixtures.domain.port.out.CouponStore;
import org.springframework.stereotype.Service;

/** Wrong: the application uses Spring and the standard streams. */
@Service
public class ClaimThingService implements ClaimThing {

    private final CouponStore store;

    public ClaimThingService(CouponStore store) {
        this.store = store;
    }

    @Override
    public void claim(String user) {
        System.out.println("claiming for " + user);
        store.save(user);
    }
}
