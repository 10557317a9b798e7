package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.e2e.Api.Response;
import io.flashsale.coupons.testing.TestPostgres;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * A coupon with many claims is listed whole and in claim order, read through a cursor into a
 * body that spills to a temporary file rather than built on the heap. The million-claim run on a
 * 256 MB heap is scripts/hardening/big-coupon.sh.
 */
@Tag("hardening")
class BigCouponIT extends RunningServiceTest {

    private static final int CLAIMS = 50_000;

    /** Straight to PostgreSQL: the service's pool has a 3 s socket timeout, which a bulk insert on a busy machine exceeds. */
    private static final JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(
            TestPostgres.connection().jdbcUrl(),
            TestPostgres.connection().username(),
            TestPostgres.connection().password()));

    @Test
    void givenFiftyThousandClaims_details_listsThemAllInClaimOrderWithTheirLength() {
        String coupon = uniqueName("BIG");
        assertThat(api.createCoupon(coupon, CLAIMS).status()).isEqualTo(201);
        // Claim order is id order, not name order: insert the users in reverse to tell the two apart.
        // In chunks: each statement stays well inside the service's 3 s socket timeout, on a busy machine too.
        for (int high = CLAIMS; high >= 1; high -= 10_000) {
            jdbc.sql("""
                            INSERT INTO claims (coupon_name, user_id)
                            SELECT ?, 'big_' || lpad(g::text, 6, '0') FROM generate_series(?, ?, -1) g ORDER BY g DESC""").params(coupon, high, Math.max(1, high - 9_999)).update();
        }
        jdbc.sql("UPDATE coupons SET remaining_amount = 0, version = version + 1 WHERE name = ?")
                .param(coupon)
                .update();

        Response response = api.details(coupon);

        assertThat(response.status()).isEqualTo(200);
        // Rendered whole before the first byte is sent, so its length is known and a short body shows.
        assertThat(response.header("Content-Length"))
                .isEqualTo(Integer.toString(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        JsonNode details = response.json();
        assertThat(details.path("remaining_amount").asInt()).isZero();
        List<String> claimedBy =
                details.path("claimed_by").valueStream().map(JsonNode::asString).toList();
        assertThat(claimedBy)
                .hasSize(CLAIMS)
                .isEqualTo(IntStream.iterate(CLAIMS, i -> i >= 1, i -> i - 1)
                        .mapToObj(i -> "big_%06d".formatted(i))
                        .toList());
    }
}
