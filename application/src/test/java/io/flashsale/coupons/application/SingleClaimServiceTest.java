package io.flashsale.coupons.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SingleClaimServiceTest {

    private final RetryPolicy threeAttempts = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);
    private final ClaimCouponCommand command = new ClaimCouponCommand(new UserId("u"), new CouponName("C"));

    @Test
    void givenTwoLostRaces_claim_isTriedAgainUntilDecided() {
        Deque<Optional<ClaimOutcome>> answers =
                new ArrayDeque<>(List.of(Optional.empty(), Optional.empty(), Optional.of(ClaimOutcome.GRANTED)));
        SingleClaimService service = new SingleClaimService(
                (coupon, user) -> answers.pop(),
                threeAttempts,
                Duration.ofSeconds(1),
                RandomGenerator.of("L64X128MixRandom"));

        assertThat(service.claimCoupon(command)).isEqualTo(ClaimOutcome.GRANTED);
        assertThat(service.conflictRetries()).isEqualTo(2);
    }

    @Test
    void givenEveryRaceLost_claim_isAnsweredBusyAfterTheLastAttempt() {
        int[] attempts = {0};
        SingleClaimService service = new SingleClaimService(
                (coupon, user) -> {
                    attempts[0]++;
                    return Optional.empty();
                },
                threeAttempts,
                Duration.ofSeconds(1),
                RandomGenerator.of("L64X128MixRandom"));

        assertThatThrownBy(() -> service.claimCoupon(command))
                .isInstanceOf(ServiceBusyException.class)
                .hasMessageContaining("lost 3 races");
        assertThat(attempts[0]).isEqualTo(3);
        assertThat(service.conflictRetries()).isEqualTo(2);
    }
}
