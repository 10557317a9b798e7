package io.flashsale.coupons.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.domain.model.CouponEvent;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.InvalidValueException;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.CreateCouponCommand;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import io.flashsale.coupons.domain.port.out.CouponEventPublisher.PublishAnswer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The values that cross the ports refuse what no caller may pass, and say what they carry. */
class PortValuesTest {

    private static final CouponName COUPON = new CouponName("PROMO");
    private static final UserId USER = new UserId("user_1");

    @Test
    void givenMissingParts_commands_areRefused() {
        assertThatThrownBy(() -> new ClaimCouponCommand(null, COUPON)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ClaimCouponCommand(USER, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CreateCouponCommand(null, 1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void givenAnAmountOutsideTheContract_createCommand_isRefused() {
        assertThatThrownBy(() -> new CreateCouponCommand(COUPON, 0))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("amount must be an integer between 1 and 2147483647");
        assertThatThrownBy(() -> new CreateCouponCommand(COUPON, 2_147_483_648L))
                .isInstanceOf(InvalidValueException.class);
        assertThat(new CreateCouponCommand(COUPON, 2_147_483_647L).amount()).isEqualTo(2_147_483_647L);
    }

    @Test
    void givenMissingParts_events_areRefused() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> new CouponEvent.Claimed(1, null, USER, now)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CouponEvent.Claimed(1, COUPON, null, now))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CouponEvent.Claimed(1, COUPON, USER, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CouponEvent.SoldOut(null, 3, 1, now)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CouponEvent.SoldOut(COUPON, 3, 1, null)).isInstanceOf(NullPointerException.class);
        assertThat(new CouponEvent.SoldOut(COUPON, 3, 7, now).couponName()).isEqualTo(COUPON);
    }

    @Test
    void givenBrokerAnswers_onlyAConfirmCountsAsDelivered() {
        assertThat(PublishAnswer.CONFIRMED.delivered()).isTrue();
        assertThat(PublishAnswer.RETURNED.delivered()).isFalse();
        assertThat(PublishAnswer.REFUSED.delivered()).isFalse();
        assertThat(PublishAnswer.UNANSWERED.delivered()).isFalse();
    }

    @Test
    void givenABusyService_theRefusal_carriesItsRetryAfter() {
        ServiceBusyException busy = new ServiceBusyException("queue full", Duration.ofSeconds(2));

        assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(new ServiceBusyException("down", Duration.ofSeconds(1), new IllegalStateException()).getCause())
                .isInstanceOf(IllegalStateException.class);
    }
}
