package io.flashsale.coupons.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(2), Duration.ofMillis(20));
    private final RandomGenerator random = RandomGenerator.of("L64X128MixRandom");

    @Test
    void givenLostRaces_delay_staysBelowAnExponentialCeilingCappedAtMax() {
        for (int attempt = 1; attempt <= 10; attempt++) {
            long ceiling = Math.min(20, 2L << (attempt - 1));
            for (int draw = 0; draw < 200; draw++) {
                assertThat(policy.delayAfter(attempt, random)).isBetween(Duration.ZERO, Duration.ofMillis(ceiling));
            }
        }
    }

    @Test
    void givenManyDraws_delay_isJittered() {
        Set<Duration> delays = new HashSet<>();
        for (int draw = 0; draw < 50; draw++) {
            delays.add(policy.delayAfter(4, random));
        }

        assertThat(delays).hasSizeGreaterThan(10);
    }

    @Test
    void givenNonsense_policy_isRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
