package io.flashsale.coupons.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import io.flashsale.coupons.domain.port.out.SingleClaimRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;

/**
 * The one-transaction-per-claim strategies against a real PostgreSQL: each is exact under racing
 * threads at the isolation level it states, and the read-decide-write one loses updates at a
 * weaker level, which is why it states SERIALIZABLE.
 */
@SpringBootTest(classes = PersistenceTestApplication.class)
class SingleClaimRepositoriesIT {

    @Autowired
    SingleClaimRepositories strategies;

    @Autowired
    CouponRepository coupons;

    @Autowired
    JdbcClient jdbc;

    private final CouponName coupon = new CouponName("SINGLE_" + UUID.randomUUID());

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "conditional", "serializable"})
    void givenStock5_fiftyDistinctUsersAtOnce_exactlyFiveGranted(String strategy) throws Exception {
        coupons.add(Coupon.create(coupon, 5));

        List<ClaimOutcome> outcomes = race(50, i -> claimUntilDecided(strategy(strategy), "user_" + i));

        assertThat(counts(outcomes)).isEqualTo(Map.of(ClaimOutcome.GRANTED, 5L, ClaimOutcome.SOLD_OUT, 45L));
        assertInvariant(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "conditional", "serializable"})
    void givenOneUser_tenClaimsAtOnce_exactlyOneGranted(String strategy) throws Exception {
        coupons.add(Coupon.create(coupon, 100));

        List<ClaimOutcome> outcomes = race(10, i -> claimUntilDecided(strategy(strategy), "dipper"));

        assertThat(counts(outcomes)).isEqualTo(Map.of(ClaimOutcome.GRANTED, 1L, ClaimOutcome.ALREADY_CLAIMED, 9L));
        assertInvariant(99);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "conditional", "serializable"})
    void givenSoldOut_holderAndOthersAndUnknownCoupon_answeredInTheContractsOrder(String strategy) {
        SingleClaimRepository claims = strategy(strategy);
        coupons.add(Coupon.create(coupon, 1));

        assertThat(claims.claim(coupon, new UserId("first"))).contains(ClaimOutcome.GRANTED);
        assertThat(claims.claim(coupon, new UserId("first"))).contains(ClaimOutcome.ALREADY_CLAIMED);
        assertThat(claims.claim(coupon, new UserId("second"))).contains(ClaimOutcome.SOLD_OUT);
        assertThat(claims.claim(new CouponName("NONE_" + UUID.randomUUID()), new UserId("first")))
                .contains(ClaimOutcome.COUPON_NOT_FOUND);
        assertInvariant(0);
    }

    @Test
    void givenReadDecideWriteAtReadCommitted_twoInterleavedClaims_loseAnUpdate() throws Exception {
        coupons.add(Coupon.create(coupon, 10));

        List<Optional<ClaimOutcome>> outcomes =
                bothReadBeforeEitherWrites(TransactionDefinition.ISOLATION_READ_COMMITTED);

        // Both are granted and both claims stored, but the stock counts one: the invariant is broken.
        assertThat(outcomes).containsOnly(Optional.of(ClaimOutcome.GRANTED));
        assertThat(remaining()).isEqualTo(9);
        assertThat(claimCount()).isEqualTo(2);
    }

    @Test
    void givenReadDecideWriteAtSerializable_twoInterleavedClaims_oneIsRefusedForRetry() throws Exception {
        coupons.add(Coupon.create(coupon, 10));

        List<Optional<ClaimOutcome>> outcomes =
                bothReadBeforeEitherWrites(TransactionDefinition.ISOLATION_SERIALIZABLE);

        assertThat(outcomes).containsExactlyInAnyOrder(Optional.of(ClaimOutcome.GRANTED), Optional.empty());
        assertInvariant(9);
    }

    /** Two claims of the serializable strategy at {@code isolation}; each reads before either writes. */
    private List<Optional<ClaimOutcome>> bothReadBeforeEitherWrites(int isolation) throws Exception {
        CyclicBarrier bothHaveRead = new CyclicBarrier(2);
        SingleClaimRepository claims =
                new SerializableClaimRepository(jdbc, strategies.at(isolation), () -> await(bothHaveRead));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Optional<ClaimOutcome>> first = threads.submit(() -> claims.claim(coupon, new UserId("a")));
            Future<Optional<ClaimOutcome>> second = threads.submit(() -> claims.claim(coupon, new UserId("b")));
            return List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the other transaction never read", e);
        }
    }

    private SingleClaimRepository strategy(String name) {
        return switch (name) {
            case "pessimistic" -> strategies.pessimistic();
            case "conditional" -> strategies.conditional();
            case "serializable" -> strategies.serializable();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** What the application does with a lost race: try again until the database decides. */
    private ClaimOutcome claimUntilDecided(SingleClaimRepository claims, String user) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            Optional<ClaimOutcome> outcome = claims.claim(coupon, new UserId(user));
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
        throw new IllegalStateException(user + " lost 1,000 races in a row");
    }

    private static <T> List<T> race(int threads, IntFunction<T> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return task.apply(index);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    private static Map<ClaimOutcome, Long> counts(List<ClaimOutcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private void assertInvariant(int expectedRemaining) {
        assertThat(remaining()).isEqualTo(expectedRemaining);
        assertThat(remaining() + claimCount())
                .as("amount == remaining_amount + claims")
                .isEqualTo(amount());
    }

    private int remaining() {
        return jdbc.sql("SELECT remaining_amount FROM coupons WHERE name = ?")
                .param(coupon.value())
                .query(Integer.class)
                .single();
    }

    private int amount() {
        return jdbc.sql("SELECT amount FROM coupons WHERE name = ?")
                .param(coupon.value())
                .query(Integer.class)
                .single();
    }

    private long claimCount() {
        return jdbc.sql("SELECT count(*) FROM claims WHERE coupon_name = ?")
                .param(coupon.value())
                .query(Long.class)
                .single();
    }
}
