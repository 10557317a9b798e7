package io.flashsale.coupons.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierTest {

    @ParameterizedTest
    @ValueSource(strings = {"PROMO_SUPER", "a", "with inner space", "Ünïcødé ✓ 日本", "quote\"d", "back\\slash", "😀"})
    void givenValidText_namesAndUserIds_keepItExactly(String value) {
        assertThat(new CouponName(value).value()).isEqualTo(value);
        assertThat(new UserId(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "\t",
                " lead",
                "trail ",
                "new\nline",
                "nul\u0000",
                "del\u007f",
                "a/b",
                "\ud800",
                "lone\udc00"
            })
    void givenInvalidText_namesAndUserIds_areRefusedNamingWhatWasRefused(String value) {
        assertThatThrownBy(() -> new CouponName(value))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("coupon name ");
        assertThatThrownBy(() -> new UserId(value))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("user id ");
    }

    /** Clients remove such path segments (RFC 3986, 5.2.4), so a coupon by that name could never be read. */
    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void givenDotSegment_namesAndUserIds_areRefusedByTheirRule(String value) {
        assertThatThrownBy(() -> new CouponName(value))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("coupon name must not be '.' or '..'")
                .extracting(e -> ((InvalidValueException) e).rule())
                .isEqualTo("must not be '.' or '..'");
        assertThatThrownBy(() -> new UserId(value)).hasMessage("user id must not be '.' or '..'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"...", ".a", "a.", "..a", ". .", "%2e"})
    void givenDotsThatAreNoDotSegment_namesAndUserIds_keepThem(String value) {
        assertThat(new CouponName(value).value()).isEqualTo(value);
        assertThat(new UserId(value).value()).isEqualTo(value);
    }

    @org.junit.jupiter.api.Test
    void givenNull_namesAndUserIds_areRequired() {
        assertThatThrownBy(() -> new CouponName(null)).hasMessage("coupon name is required");
        assertThatThrownBy(() -> new UserId(null)).hasMessage("user id is required");
    }

    @org.junit.jupiter.api.Test
    void givenLength_limitIs100CharactersNotBytes() {
        assertThat(new CouponName("x".repeat(100)).value()).hasSize(100);
        assertThat(new CouponName("😀".repeat(100)).value()).hasSize(200);
        assertThatThrownBy(() -> new CouponName("x".repeat(101))).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> new UserId("é".repeat(101))).hasMessageContaining("at most 100");
    }
}
