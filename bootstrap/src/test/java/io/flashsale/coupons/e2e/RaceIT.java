package io.flashsale.coupons.e2e;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.e2e.Api.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Real races over HTTP: threads released together by a barrier, exact counts afterwards. */
class RaceIT extends RunningServiceTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void givenStock5_fiftyDistinctUsersAtOnce_exactlyFiveWin() {
        String coupon = uniqueName("FLASH");
        api.createCoupon(coupon, 5);

        List<Response> responses = Race.run(50, i -> api.claim("user_" + i, coupon));

        assertThat(outcomes(responses)).isEqualTo(Map.of("201", 5L, "409 COUPON_SOLD_OUT", 45L));
        JsonNode details = api.details(coupon).json();
        assertThat(details.path("remaining_amount").asInt()).isZero();
        Set<String> winners = new HashSet<>();
        responses.stream()
                .filter(r -> r.status() == 201)
                .forEach(r -> winners.add(r.json().path("user_id").asString()));
        assertThat(claimants(details)).containsExactlyInAnyOrderElementsOf(winners);
        assertInvariant(coupon);
    }

    @Test
    void givenOneUser_tenClaimsAtOnce_exactlyOneWins() {
        String coupon = uniqueName("DIP");
        api.createCoupon(coupon, 100);

        List<Response> responses = Race.run(10, i -> api.claim("dipper", coupon));

        assertThat(outcomes(responses)).isEqualTo(Map.of("201", 1L, "409 COUPON_ALREADY_CLAIMED", 9L));
        JsonNode details = api.details(coupon).json();
        assertThat(details.path("remaining_amount").asInt()).isEqualTo(99);
        assertThat(claimants(details)).containsExactly("dipper");
        assertInvariant(coupon);
    }

    @Test
    void givenStock100_fiveHundredClaimsAThirdRepeats_exactly100Granted() {
        String coupon = uniqueName("STORM");
        api.createCoupon(coupon, 100);
        // 334 distinct users; requests 334..499 repeat users 0..165.
        List<String> users = IntStream.range(0, 500)
                .mapToObj(i -> "storm_" + (i < 334 ? i : i - 334))
                .toList();

        List<Response> responses = Race.run(500, i -> api.claim(users.get(i), coupon));

        Map<String, Long> outcomes = outcomes(responses);
        assertThat(outcomes.get("201")).isEqualTo(100L);
        assertThat(outcomes.keySet()).allMatch(o -> o.equals("201") || o.startsWith("409 "));
        assertThat(outcomes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(500);
        JsonNode details = api.details(coupon).json();
        assertThat(details.path("remaining_amount").asInt()).isZero();
        List<String> claimants = claimants(details);
        assertThat(claimants).hasSize(100).doesNotHaveDuplicates();
        assertThat(users).containsAll(claimants);
        assertInvariant(coupon);
    }

    @Test
    void givenOneName_twentyCreatesAtOnce_exactlyOneSucceeds() {
        String coupon = uniqueName("CREATE");

        List<Response> responses = Race.run(20, i -> api.createCoupon(coupon, i + 1));

        assertThat(outcomes(responses)).isEqualTo(Map.of("201", 1L, "409 COUPON_ALREADY_EXISTS", 19L));
        long winningAmount = responses.stream()
                .filter(r -> r.status() == 201)
                .findFirst()
                .orElseThrow()
                .json()
                .path("amount")
                .asLong();
        assertThat(api.details(coupon).json().path("amount").asLong()).isEqualTo(winningAmount);
    }

    @Test
    void givenManyCoupons_claimsOnAllAtOnce_eachGetsExactlyItsStock() {
        List<String> coupons =
                IntStream.range(0, 5).mapToObj(i -> uniqueName("MULTI" + i)).toList();
        coupons.forEach(c -> api.createCoupon(c, 7));

        List<Response> responses = Race.run(100, i -> api.claim("multi_" + (i / 5), coupons.get(i % 5)));

        assertThat(outcomes(responses)).isEqualTo(Map.of("201", 35L, "409 COUPON_SOLD_OUT", 65L));
        coupons.forEach(this::assertInvariant);
    }

    private static Map<String, Long> outcomes(List<Response> responses) {
        return responses.stream()
                .map(r -> r.status() == 201 ? "201" : r.status() + " " + r.code())
                .collect(groupingBy(o -> o, counting()));
    }

    private static List<String> claimants(JsonNode details) {
        return details.path("claimed_by").valueStream().map(JsonNode::asString).toList();
    }

    private void assertInvariant(String coupon) {
        StoredCoupon.read(jdbc, coupon).assertInvariant();
    }
}
