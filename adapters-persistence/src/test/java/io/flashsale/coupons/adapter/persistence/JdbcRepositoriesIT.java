package io.flashsale.coupons.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponDetailsView;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.out.ClaimRepository;
import io.flashsale.coupons.domain.port.out.ClaimRepository.SaveOutcome;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What only the JDBC adapter has to prove: its schema's constraints, failures as
 * {@link StorageUnavailableException}, the small and large details reads, a claim from a writer that
 * leaves the version alone. What every implementation of the ports promises is
 * {@link JdbcRepositoriesContractIT}'s.
 */
@SpringBootTest(classes = PersistenceTestApplication.class)
class JdbcRepositoriesIT {

    @Autowired
    CouponRepository coupons;

    @Autowired
    ClaimRepository claims;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactionManager;

    private final CouponName name = new CouponName("IT_" + UUID.randomUUID());

    @Test
    void givenUserClaimedMeanwhile_save_rollsBackStockAndReportsClaimConflict() {
        Coupon coupon = Coupon.create(name, 5);
        coupons.add(coupon);
        jdbc.sql("INSERT INTO claims (coupon_name, user_id) VALUES (?, 'b')")
                .param(name.value())
                .update();

        assertThat(claims.save(coupon.decide(users("a", "b"), Set.of()))).isEqualTo(SaveOutcome.CLAIM_CONFLICT);

        assertThat(coupons.findByName(name)).contains(Coupon.rebuild(name, 5, 5, 0));
        assertThat(claims.findHolders(name, users("a", "b"))).containsExactlyElementsOf(users("b"));
    }

    @Test
    void givenSchema_overselling_isRefusedByTheCheckConstraint() {
        coupons.add(Coupon.create(name, 1));

        assertThatThrownBy(() -> jdbc.sql("UPDATE coupons SET remaining_amount = -1 WHERE name = ?")
                        .param(name.value())
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void givenSchema_secondClaimOfOneUser_isRefusedByTheUniqueConstraint() {
        coupons.add(Coupon.create(name, 2));
        String insert = "INSERT INTO claims (coupon_name, user_id) VALUES (?, 'same')";
        jdbc.sql(insert).param(name.value()).update();

        assertThatThrownBy(() -> jdbc.sql(insert).param(name.value()).update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void givenUnreachableDatabase_calls_failAsStorageUnavailable() {
        var unreachable = org.springframework.boot.jdbc.DataSourceBuilder.create()
                .url("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1")
                .username("nobody")
                .password("none")
                .build();
        var configuration = new PersistenceAdapterConfiguration();
        var transactionManager = new org.springframework.jdbc.support.JdbcTransactionManager(unreachable);
        CouponRepository deadCoupons =
                configuration.couponRepository(unreachable, transactionManager, 1_000, 4, Duration.ofSeconds(1));
        ClaimRepository deadClaims = configuration.claimRepository(unreachable);
        Coupon coupon = Coupon.create(name, 1);

        assertThatThrownBy(() -> deadCoupons.findByName(name)).isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> deadCoupons.add(coupon)).isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> deadCoupons.readDetails(name, new RecordingView()))
                .isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> deadClaims.findHolders(name, users("a")))
                .isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> deadClaims.findAllHolders(name)).isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> deadClaims.save(coupon.decide(users("a"), Set.of())))
                .isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void givenCouponsAtAndBeyondTheSmallLimit_readDetails_listsEveryClaimantInClaimOrderFromOneSnapshot() {
        CouponRepository limitedToTwo = repository(2, 1, Duration.ofSeconds(1));
        for (int count : new int[] {0, 1, 2, 3, 7}) {
            CouponName coupon = new CouponName(name.value() + "_" + count);
            coupons.add(Coupon.create(coupon, 10));
            // In reverse name order, so that claim (id) order and name order differ.
            List<UserId> claimants = java.util.stream.IntStream.range(0, count)
                    .mapToObj(i -> new UserId("user_" + (char) ('z' - i)))
                    .toList();
            if (count > 0) {
                claims.save(Coupon.rebuild(coupon, 10, 10, 0).decide(claimants, Set.of()));
            }
            RecordingView view = new RecordingView();

            assertThat(limitedToTwo.readDetails(coupon, view)).isTrue();

            assertThat(view.coupon)
                    .as("%d claims", count)
                    .isEqualTo(Coupon.rebuild(coupon, 10, 10 - count, count == 0 ? 0 : 1));
            assertThat(view.claimants).as("%d claims", count).containsExactlyElementsOf(claimants);
        }
    }

    @Test
    void givenViewThatHasTheCoupon_readDetails_pushesNoClaimant() {
        CouponRepository limitedToTwo = repository(2, 1, Duration.ofSeconds(1));
        for (int count : new int[] {1, 3}) {
            CouponName coupon = new CouponName(name.value() + "_" + count);
            coupons.add(Coupon.create(coupon, 10));
            claims.save(Coupon.rebuild(coupon, 10, 10, 0)
                    .decide(
                            java.util.stream.IntStream.range(0, count)
                                    .mapToObj(i -> new UserId("u" + i))
                                    .toList(),
                            Set.of()));
            RecordingView upToDate = new RecordingView();
            upToDate.wantsClaimants = false;

            assertThat(limitedToTwo.readDetails(coupon, upToDate)).isTrue();

            assertThat(upToDate.coupon.remainingAmount()).isEqualTo(10 - count);
            assertThat(upToDate.claimants).isEmpty();
        }
    }

    @Test
    void givenAllLargeReadTurnsTaken_readDetailsOfABigCoupon_failsAsStorageUnavailableWhileSmallOnesGoOn()
            throws Exception {
        CouponRepository oneLargeRead = repository(1, 1, Duration.ofMillis(300));
        CouponName big = new CouponName(name.value() + "_big");
        CouponName small = new CouponName(name.value() + "_small");
        for (CouponName coupon : List.of(big, small)) {
            coupons.add(Coupon.create(coupon, 5));
        }
        claims.save(Coupon.rebuild(big, 5, 5, 0).decide(users("a", "b"), Set.of()));
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        RecordingView held = new RecordingView() {
            @Override
            public boolean coupon(Coupon coupon) {
                reading.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.coupon(coupon);
            }
        };
        Thread first = Thread.ofVirtual().start(() -> oneLargeRead.readDetails(big, held));
        try {
            assertThat(reading.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> oneLargeRead.readDetails(big, new RecordingView()))
                    .isInstanceOf(StorageUnavailableException.class);
            RecordingView smallView = new RecordingView();
            assertThat(oneLargeRead.readDetails(small, smallView)).isTrue();
            assertThat(smallView.coupon.remainingAmount()).isEqualTo(5);
        } finally {
            release.countDown();
            first.join();
        }
        assertThat(held.claimants).containsExactlyElementsOf(users("a", "b"));
        RecordingView afterwards = new RecordingView();
        oneLargeRead.readDetails(big, afterwards);
        assertThat(afterwards.claimants).containsExactlyElementsOf(users("a", "b"));
    }

    /** A small coupon's statement reads its own few claims, however many other coupons have. */
    @Test
    void givenAHugeCouponElsewhere_theSmallDetailsStatement_readsOnlyTheCouponsOwnClaims() {
        CouponName huge = new CouponName(name.value() + "_huge");
        coupons.add(Coupon.create(huge, 200_000));
        jdbc.sql("INSERT INTO claims (coupon_name, user_id) SELECT ?, 'u' || g FROM generate_series(1, 200000) g")
                .param(huge.value())
                .update();
        coupons.add(Coupon.create(name, 5));
        claims.save(Coupon.rebuild(name, 5, 5, 0).decide(users("a", "b", "c"), Set.of()));
        jdbc.sql("ANALYZE claims").update();

        for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
            List<String> plan = transactions.execute(status -> {
                jdbc.sql("SET LOCAL plan_cache_mode = " + mode).update();
                jdbc.sql("PREPARE small_details (int, int, text) AS "
                                + JdbcCouponRepository.SMALL_DETAILS
                                        .replaceFirst("\\?", "\\$1")
                                        .replaceFirst("\\?", "\\$2")
                                        .replaceFirst("\\?", "\\$3"))
                        .update();
                try {
                    return jdbc.sql("EXPLAIN (ANALYZE, TIMING OFF) EXECUTE small_details (1000, 1001, '" + name.value()
                                    + "')")
                            .query(String.class)
                            .list();
                } finally {
                    jdbc.sql("DEALLOCATE small_details").update();
                }
            });

            // Not the primary key walked in id order and filtered: the coupon's own index.
            assertThat(plan)
                    .as(mode)
                    .noneMatch(line -> line.contains("claims_pk"))
                    .anyMatch(line -> line.contains("claims_by_coupon_in_claim_order"));
        }
    }

    private CouponRepository repository(int smallCouponMaxClaims, int maxConcurrentLargeReads, Duration wait) {
        return new PersistenceAdapterConfiguration()
                .couponRepository(dataSource, transactionManager, smallCouponMaxClaims, maxConcurrentLargeReads, wait);
    }

    private static List<UserId> users(String... ids) {
        return java.util.Arrays.stream(ids).map(UserId::new).toList();
    }

    private static class RecordingView implements CouponDetailsView {
        Coupon coupon;
        boolean wantsClaimants = true;
        final List<UserId> claimants = new ArrayList<>();

        @Override
        public boolean coupon(Coupon coupon) {
            this.coupon = coupon;
            return wantsClaimants;
        }

        @Override
        public void claimant(UserId userId) {
            claimants.add(userId);
        }
    }
}
