package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request bodies become commands; what the model refuses is reported under the JSON field's name. */
class RequestCommandsTest {

    @Test
    void givenValidBodies_toCommand_keepsTheValuesExactly() {
        assertThat(new CreateCouponRequest("Ü 日", 2_147_483_647L).toCommand()).satisfies(command -> {
            assertThat(command.name()).isEqualTo(new CouponName("Ü 日"));
            assertThat(command.amount()).isEqualTo(2_147_483_647L);
        });
        assertThat(new ClaimCouponRequest("u1", "PROMO").toCommand()).satisfies(command -> {
            assertThat(command.userId()).isEqualTo(new UserId("u1"));
            assertThat(command.couponName()).isEqualTo(new CouponName("PROMO"));
        });
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "NULL",
            value = {
                "NULL,  1,          name is required",
                "' ',   1,          name must not be blank",
                "a/b,   1,          name must not contain '/'",
                "..,    1,          name must not be '.' or '..'",
                "A,     NULL,       amount is required",
                "A,     0,          amount must be an integer between 1 and 2147483647",
                "A,     2147483648, amount must be an integer between 1 and 2147483647",
                "' x',  0,          name must not start or end with whitespace"
            })
    void givenAnInvalidCreateBody_toCommand_namesTheFirstBadField(String name, Long amount, String detail) {
        assertThatThrownBy(() -> new CreateCouponRequest(name, amount).toCommand())
                .isInstanceOf(InvalidFieldException.class)
                .hasMessage(detail);
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "NULL",
            value = {
                "NULL,  C,    user_id is required",
                "' u',  C,    user_id must not start or end with whitespace",
                "u,     NULL, coupon_name is required",
                "u,     '',   coupon_name must not be blank",
                "u,     .,    coupon_name must not be '.' or '..'",
                "'',    '',   user_id must not be blank"
            })
    void givenAnInvalidClaimBody_toCommand_namesTheFirstBadField(String userId, String couponName, String detail) {
        assertThatThrownBy(() -> new ClaimCouponRequest(userId, couponName).toCommand())
                .isInstanceOf(InvalidFieldException.class)
                .hasMessage(detail);
    }
}
