package io.flashsale.coupons.e2e;

import org.springframework.test.context.TestPropertySource;

/** The races of {@link RaceIT} on the {@code pessimistic} claim strategy. */
@TestPropertySource(
        locations = "classpath:single-claim-strategy.properties",
        properties = "coupons.claims.strategy=pessimistic")
class PessimisticRaceIT extends RaceIT {}
