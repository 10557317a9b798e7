package io.flashsale.coupons.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.domain.model.ClaimDecision;
import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.CouponDetailsView;
import io.flashsale.coupons.domain.port.out.ClaimRepository;
import io.flashsale.coupons.domain.port.out.ClaimRepository.SaveOutcome;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import io.flashsale.coupons.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(classes = PersistenceTestApplication.class)
class JdbcRepositoriesIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestPostgres.connection().springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Autowired
    CouponRepository coupons;

    @Autowired
    ClaimRepository claims;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private final CouponName name = new CouponName("IT_" + UUID.randomUUID());

    @Test
    void givenNewName_add_storesCouponWithFullStock() {
        assertThat(coupons.add(Coupon.create(name, 3))).isTrue();

        assertThat(coupons.findByName(name)).contains(Coupon.rebuild(name, 3, 3, 0));
    }

    @Test
    void givenTakenName_add_changesNothingAndSaysSo() {
        coupons.add(Coupon.create(name, 3));

        assertThat(coupons.add(Coupon.create(name, 7))).isFalse();
        assertThat(coupons.findByName(name)).contains(Coupon.rebuild(name, 3, 3, 0));
    }

    @Test
    void givenUnknownName_find_isEmpty() {
        assertThat(coupons.findByName(name)).isEmpty();
        assertThat(coupons.readDetails(name, new RecordingView())).isFalse();
    }

    @Test
    void givenCurrentVersion_save_recordsGrantsInOrderAndBumpsVersion() {
        Coupon coupon = Coupon.create(name, 5);
        coupons.add(coupon);
        List<UserId> users = users("c", "a", "b");

        assertThat(claims.save(coupon.decide(users, Set.of()))).isEqualTo(SaveOutcome.SAVED);

        assertThat(coupons.findByName(name)).contains(Coupon.rebuild(name, 5, 2, 1));
        RecordingView view = new RecordingView();
        assertThat(coupons.readDetails(name, view)).isTrue();
        assertThat(view.coupon).isEqualTo(Coupon.rebuild(name, 5, 2, 1));
        assertThat(view.claimants).containsExactlyElementsOf(users);
        assertThat(claims.findHolders(name, users("a", "x", "c"))).containsExactlyInAnyOrderElementsOf(users("a", "c"));
        assertThat(claims.findAllHolders(name)).containsExactlyInAnyOrderElementsOf(users);
    }

    @Test
    void givenStaleVersion_save_recordsNothingAndReportsVersionConflict() {
        Coupon coupon = Coupon.create(name, 5);
        coupons.add(coupon);
        ClaimDecision first = coupon.decide(users("a"), Set.of());
        ClaimDecision stale = coupon.decide(users("b"), Set.of());
        claims.save(first);

        assertThat(claims.save(stale)).isEqualTo(SaveOutcome.VERSION_CONFLICT);

        assertThat(coupons.findByName(name).orElseThrow().remainingAmount()).isEqualTo(4);
        assertThat(claims.findHolders(name, users("a", "b"))).containsExactlyElementsOf(users("a"));
    }

    @Test
    void givenUserClaimedMeanwhile_save_rollsBackStockAndReportsClaimConflict() {
        Coupon coupon = Coupon.create(name, 5);
        coupons.add(coupon);
        jdbc.sql("INSERT INTO claims (coupon_name, user_id) VALUES (?, 'b')").param(name.value()).update();

        assertThat(claims.save(coupon.decide(users("a", "b"), Set.of()))).isEqualTo(SaveOutcome.CLAIM_CONFLICT);

        assertThat(coupons.findByName(name)).contains(Coupon.rebuild(name, 5, 5, 0));
        assertThat(claims.findHolders(name, users("a", "b"))).containsExactlyElementsOf(users("b"));
    }

    @Test
    void givenSchema_overselling_isRefusedByTheCheckConstraint() {
        coupons.add(Coupon.create(name, 1));

        assertThatThrownBy(() -> jdbc.sql("UPDATE coupons SET remaining_amount = -1 WHERE name = ?")
                .param(name.value()).update())
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
                .username("nobody").password("none")
                .build();
        var configuration = new PersistenceAdapterConfiguration();
        var transactionManager = new org.springframework.jdbc.support.JdbcTransactionManager(unreachable);
        CouponRepository deadCoupons = configuration.couponRepository(unreachable, transactionManager);
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

    private static List<UserId> users(String... ids) {
        return java.util.Arrays.stream(ids).map(UserId::new).toList();
    }

    private static final class RecordingView implements CouponDetailsView {
        Coupon coupon;
        final List<UserId> claimants = new ArrayList<>();

        @Override
        public void coupon(Coupon coupon) {
            this.coupon = coupon;
        }

        @Override
        public void claimant(UserId userId) {
            claimants.add(userId);
        }
    }
}
