package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class CouponDetailsDocumentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Coupon COUPON = Coupon.rebuild(new CouponName("SALE \"1\""), 3, 1, 7);

    @TempDir
    Path directory;

    @Test
    void givenNoCondition_theDocument_hasTheContractsShapeAndAWeakETag() throws IOException {
        try (CouponDetailsDocument document = document(null)) {
            assertThat(document.coupon(COUPON)).isTrue();
            document.claimant(new UserId("b"));
            document.claimant(new UserId("a"));
            document.finish();

            assertThat(document.notModified()).isFalse();
            assertThat(document.etag()).isEqualTo("W/\"7-1\"");
            assertThat(text(document))
                    .isEqualTo(
                            "{\"name\":\"SALE \\\"1\\\"\",\"amount\":3,\"remaining_amount\":1,\"claimed_by\":[\"b\",\"a\"]}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"W/\"7-1\"", "\"7-1\"", "\"x\", W/\"7-1\"", "*", "\"a\",\"7-1\",\"b\""})
    void givenIfNoneMatchHoldingTheState_coupon_declinesClaimantsAndSaysNotModified(String ifNoneMatch) {
        try (CouponDetailsDocument document = document(ifNoneMatch)) {
            assertThat(document.coupon(COUPON)).isFalse();
            document.finish();

            assertThat(document.notModified()).isTrue();
            assertThat(document.body().size()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"7-2\"", "W/\"6-1\"", "\"x\", \"y\"", "nonsense", ""})
    void givenIfNoneMatchWithoutTheState_coupon_asksForClaimants(String ifNoneMatch) {
        try (CouponDetailsDocument document = document(ifNoneMatch)) {
            assertThat(document.coupon(COUPON)).isTrue();
            assertThat(document.notModified()).isFalse();
        }
    }

    private CouponDetailsDocument document(String ifNoneMatch) {
        return new CouponDetailsDocument(JSON, new SpillBuffer(1024, directory), ifNoneMatch);
    }

    private static String text(CouponDetailsDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.body().copyTo(out, 64, () -> {});
        return out.toString(StandardCharsets.UTF_8);
    }
}
