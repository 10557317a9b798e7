package io.flashsale.coupons.e2e;

import java.util.Map;

/** The sale of {@link MultiInstanceIT} on the {@code conditional} claim strategy. */
class ConditionalMultiInstanceIT extends MultiInstanceIT {

    @Override
    Map<String, String> strategy() {
        return singleClaimStrategy("conditional");
    }

    @Override
    boolean racesAreRetried() {
        return false;
    }
}
