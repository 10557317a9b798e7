package io.flashsale.coupons.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MeteredClaimCouponTest {

    private static final ClaimCouponCommand CLAIM = new ClaimCouponCommand(new UserId("u"), new CouponName("C"));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void givenEitherWayOfSayingNotNow_claim_isCountedRejectedAndRethrown() {
        RuntimeException[] next = {new ServiceBusyException("busy", Duration.ofSeconds(1))};
        MeteredClaimCoupon metered = new MeteredClaimCoupon(
                command -> {
                    throw next[0];
                },
                registry);

        assertThatThrownBy(() -> metered.claimCoupon(CLAIM)).isSameAs(next[0]);
        next[0] = new StorageUnavailableException("down", null);
        assertThatThrownBy(() -> metered.claimCoupon(CLAIM)).isSameAs(next[0]);

        assertThat(registry.get("coupons.claims")
                        .tag("outcome", "rejected")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("coupons.claim.latency").timer().count()).isEqualTo(2);
    }

    @Test
    void givenAnOutcome_claim_isCountedByIt() {
        MeteredClaimCoupon metered = new MeteredClaimCoupon(command -> ClaimOutcome.SOLD_OUT, registry);

        assertThat(metered.claimCoupon(CLAIM)).isEqualTo(ClaimOutcome.SOLD_OUT);

        assertThat(registry.get("coupons.claims")
                        .tag("outcome", "sold_out")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("coupons.claims")
                        .tag("outcome", "rejected")
                        .counter()
                        .count())
                .isZero();
    }
}
