package io.flashsale.coupons.e2e;

import java.util.Map;

/** The sale of {@link MultiInstanceIT} on the {@code pessimistic} claim strategy. */
class PessimisticMultiInstanceIT extends MultiInstanceIT {

    @Override
    Map<String, String> strategy() {
        return singleClaimStrategy("pessimistic");
    }

    @Override
    boolean racesAreRetried() {
        return false;
    }
}
