package io.flashsale.coupons.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.ClaimCouponUseCase;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClaimTrafficTest {

    private static final Duration QUIET_PERIOD = Duration.ofMillis(250);
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void givenNoClaimEver_quietFor_isQuiet() {
        assertThat(new ClaimTraffic(new SettableClock(START)).quietFor(QUIET_PERIOD))
                .isTrue();
    }

    @Test
    void givenAClaim_quietFor_isNotQuietUntilTheQuietPeriodHasPassed() {
        SettableClock clock = new SettableClock(START);
        ClaimTraffic traffic = new ClaimTraffic(clock);
        traffic.claimArrived();

        clock.set(START.plus(QUIET_PERIOD).minusMillis(1));
        assertThat(traffic.quietFor(QUIET_PERIOD)).isFalse();
        clock.set(START.plus(QUIET_PERIOD));
        assertThat(traffic.quietFor(QUIET_PERIOD)).isTrue();
    }

    @Test
    void givenAUseCaseObserved_claimCoupon_recordsTheClaimEvenWhenItIsRefused() {
        SettableClock clock = new SettableClock(START);
        ClaimTraffic traffic = new ClaimTraffic(clock);
        ClaimCouponUseCase refusing = traffic.observing(command -> {
            throw new ServiceBusyException("lane full", Duration.ofSeconds(1));
        });
        ClaimCouponUseCase granting = traffic.observing(command -> ClaimOutcome.GRANTED);
        ClaimCouponCommand command = new ClaimCouponCommand(new UserId("u1"), new CouponName("PROMO"));

        assertThatThrownBy(() -> refusing.claimCoupon(command)).isInstanceOf(ServiceBusyException.class);
        assertThat(traffic.quietFor(QUIET_PERIOD)).isFalse();
        clock.set(START.plus(QUIET_PERIOD));
        assertThat(traffic.quietFor(QUIET_PERIOD)).isTrue();
        assertThat(granting.claimCoupon(command)).isEqualTo(ClaimOutcome.GRANTED);
        assertThat(traffic.quietFor(QUIET_PERIOD)).isFalse();
    }
}
