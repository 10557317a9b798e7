package io.flashsale.coupons.archfixtures.domain.model;

import org.springframework.util.Assert;

/** Wrong: the domain uses Spring. */
public final class FrameworkBoundCoupon {

    public FrameworkBoundCoupon(String name) {
        Assert.hasText(name, "name");
    }
}
