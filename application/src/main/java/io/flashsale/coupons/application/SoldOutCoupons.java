package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.CouponName;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coupons this instance has seen at zero stock. Stock never grows, so a coupon once sold out
 * stays sold out and its claims need only a read.
 */
final class SoldOutCoupons {

    private final Set<CouponName> names = ConcurrentHashMap.newKeySet();

    void remember(CouponName name) {
        names.add(name);
    }

    boolean contains(CouponName name) {
        return names.contains(name);
    }
}
