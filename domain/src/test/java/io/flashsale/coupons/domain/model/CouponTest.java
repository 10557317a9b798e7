package io.flashsale.coupons.domain.model;

import static io.flashsale.coupons.domain.model.ClaimOutcome.ALREADY_CLAIMED;
import static io.flashsale.coupons.domain.model.ClaimOutcome.GRANTED;
import static io.flashsale.coupons.domain.model.ClaimOutcome.SOLD_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CouponTest {

    private static final CouponName NAME = new CouponName("PROMO_SUPER");

    @Test
    void givenAmount_create_startsWithFullStockAtVersionZero() {
        Coupon coupon = Coupon.create(NAME, 100);

        assertThat(coupon.amount()).isEqualTo(100);
        assertThat(coupon.remainingAmount()).isEqualTo(100);
        assertThat(coupon.version()).isZero();
        assertThat(coupon.isSoldOut()).isFalse();
    }

    @Test
    void givenAmountOutOfRange_create_isRefusedNamingAmount() {
        for (long amount : new long[] {0, -1, Integer.MAX_VALUE + 1L, Long.MIN_VALUE}) {
            assertThatThrownBy(() -> Coupon.create(NAME, amount))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessage("amount must be an integer between 1 and 2147483647")
                    .extracting(e -> ((InvalidValueException) e).rule())
                    .isEqualTo("must be an integer between 1 and 2147483647");
        }
    }

    @Test
    void givenLargestAmount_create_acceptsIt() {
        assertThat(Coupon.create(NAME, Integer.MAX_VALUE).amount()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void givenStoredState_rebuild_keepsIt() {
        Coupon coupon = Coupon.rebuild(NAME, 10, 3, 42);

        assertThat(coupon.remainingAmount()).isEqualTo(3);
        assertThat(coupon.version()).isEqualTo(42);
        assertThat(coupon).isEqualTo(Coupon.rebuild(NAME, 10, 3, 42)).isNotEqualTo(Coupon.rebuild(NAME, 10, 3, 43));
    }

    @Test
    void givenStockOutsideZeroToAmount_rebuild_isRefused() {
        assertThatThrownBy(() -> Coupon.rebuild(NAME, 10, -1, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Coupon.rebuild(NAME, 10, 11, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenStock_decide_grantsNewUsersInArrivalOrder() {
        ClaimDecision decision = Coupon.rebuild(NAME, 5, 5, 7).decide(users("a", "b"), Set.of());

        assertThat(decision.outcomes()).containsExactly(GRANTED, GRANTED);
        assertThat(decision.grants())
                .containsExactly(new Claim(NAME, new UserId("a")), new Claim(NAME, new UserId("b")));
        assertThat(decision.remainingAfter()).isEqualTo(3);
        assertThat(decision.decidedOn().version()).isEqualTo(7);
        assertThat(decision.grantsAnything()).isTrue();
    }

    @Test
    void givenGrants_couponAfter_hasTheStockTakenAtTheNextVersion() {
        ClaimDecision decision = Coupon.rebuild(NAME, 5, 3, 7).decide(users("a", "b"), Set.of());

        assertThat(decision.couponAfter()).isEqualTo(Coupon.rebuild(NAME, 5, 1, 8));
    }

    @Test
    void givenHolder_decide_answersAlreadyClaimedWithoutTakingStock() {
        ClaimDecision decision = Coupon.rebuild(NAME, 5, 4, 1).decide(users("a"), users("a"));

        assertThat(decision.outcomes()).containsExactly(ALREADY_CLAIMED);
        assertThat(decision.grants()).isEmpty();
        assertThat(decision.remainingAfter()).isEqualTo(4);
        assertThat(decision.grantsAnything()).isFalse();
    }

    @Test
    void givenDuplicateInBatch_decide_grantsTheFirstAndAnswersAlreadyClaimedToTheRest() {
        ClaimDecision decision = Coupon.rebuild(NAME, 5, 5, 0).decide(users("a", "a", "b", "a"), Set.of());

        assertThat(decision.outcomes()).containsExactly(GRANTED, ALREADY_CLAIMED, GRANTED, ALREADY_CLAIMED);
        assertThat(decision.remainingAfter()).isEqualTo(3);
    }

    @Test
    void givenNoStockLeft_decide_answersSoldOut() {
        ClaimDecision decision = Coupon.rebuild(NAME, 1, 0, 3).decide(users("a", "b"), Set.of());

        assertThat(decision.outcomes()).containsExactly(SOLD_OUT, SOLD_OUT);
        assertThat(decision.grants()).isEmpty();
    }

    @Test
    void givenHolderOfSoldOutCoupon_decide_answersAlreadyClaimedBeforeSoldOut() {
        ClaimDecision decision = Coupon.rebuild(NAME, 1, 0, 3).decide(users("holder", "other"), users("holder"));

        assertThat(decision.outcomes()).containsExactly(ALREADY_CLAIMED, SOLD_OUT);
    }

    @Test
    void givenStockRunningOutMidBatch_decide_grantsUpToStockThenSoldOut() {
        ClaimDecision decision = Coupon.rebuild(NAME, 10, 2, 0).decide(users("a", "b", "c", "a", "d"), Set.of());

        assertThat(decision.outcomes()).containsExactly(GRANTED, GRANTED, SOLD_OUT, ALREADY_CLAIMED, SOLD_OUT);
        assertThat(decision.remainingAfter()).isZero();
        assertThat(decision.ranOutOfStock()).isTrue();
    }

    @Test
    void givenStockForEveryone_decide_saysItDidNotRunOut() {
        ClaimDecision decision = Coupon.rebuild(NAME, 10, 2, 0).decide(users("a", "b", "a"), users("c"));

        assertThat(decision.outcomes()).containsExactly(GRANTED, GRANTED, ALREADY_CLAIMED);
        assertThat(decision.ranOutOfStock()).isFalse();
    }

    @Test
    void givenRepeatOfSoldOutUser_decide_answersSoldOutAgainNotAlreadyClaimed() {
        ClaimDecision decision = Coupon.rebuild(NAME, 10, 1, 0).decide(users("a", "b", "b"), Set.of());

        assertThat(decision.outcomes()).containsExactly(GRANTED, SOLD_OUT, SOLD_OUT);
    }

    @Test
    void givenDecision_outcomesAndGrants_areImmutable() {
        ClaimDecision decision = Coupon.create(NAME, 3).decide(users("a"), Set.of());

        assertThatThrownBy(() -> decision.outcomes().add(SOLD_OUT)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> decision.grants().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    private static List<UserId> users(String... ids) {
        return Arrays.stream(ids).map(UserId::new).toList();
    }
}
