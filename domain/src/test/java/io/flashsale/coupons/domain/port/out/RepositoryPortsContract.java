package io.flashsale.coupons.domain.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.domain.model.ClaimDecision;
import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponDetailsView;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.out.ClaimRepository.SaveOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What {@link CouponRepository} and {@link ClaimRepository} promise, as tests that every
 * implementation runs: the in-memory fake the application tests rely on, and the JDBC adapter on a
 * real PostgreSQL. A difference between them is a bug in one of the two. Every test works on coupons
 * of its own (unique names), so a shared database needs no cleaning.
 */
public abstract class RepositoryPortsContract {

    /** The coupon port of the storage under test; called once per use, so it may be looked up lazily. */
    protected abstract CouponRepository coupons();

    /** The claim port of the same storage. */
    protected abstract ClaimRepository claims();

    private final CouponName name = new CouponName("CONTRACT_" + UUID.randomUUID());

    @Test
    void givenNewName_add_storesTheCouponWithFullStockAtVersionZero() {
        assertThat(coupons().add(Coupon.create(name, 3))).isTrue();

        assertThat(coupons().findByName(name)).contains(Coupon.rebuild(name, 3, 3, 0));
    }

    @Test
    void givenTakenName_add_changesNothingAndSaysSo() {
        coupons().add(Coupon.create(name, 3));

        assertThat(coupons().add(Coupon.create(name, 7))).isFalse();

        assertThat(coupons().findByName(name)).contains(Coupon.rebuild(name, 3, 3, 0));
    }

    @Test
    void givenUnknownName_reads_findNothingAndCallNoReceiver() {
        RecordingView receiver = new RecordingView();

        assertThat(coupons().findByName(name)).isEmpty();
        assertThat(coupons().readDetails(name, receiver)).isFalse();
        assertThat(receiver.calls).isZero();
        assertThat(claims().findHolders(name, users("a"))).isEmpty();
        assertThat(claims().findAllHolders(name)).isEmpty();
    }

    @Test
    void givenCurrentVersion_save_recordsTheGrantsInOrderDeductsThemAndBumpsTheVersion() {
        Coupon coupon = Coupon.create(name, 5);
        coupons().add(coupon);
        List<UserId> users = users("c", "a", "b");
        ClaimDecision decision = coupon.decide(users, Set.of());

        assertThat(claims().save(decision)).isEqualTo(SaveOutcome.SAVED);

        assertThat(coupons().findByName(name)).contains(decision.couponAfter()).contains(Coupon.rebuild(name, 5, 2, 1));
        RecordingView receiver = new RecordingView();
        assertThat(coupons().readDetails(name, receiver)).isTrue();
        assertThat(receiver.coupon).isEqualTo(Coupon.rebuild(name, 5, 2, 1));
        assertThat(receiver.claimants).as("claim order, not name order").containsExactlyElementsOf(users);
        assertThat(claims().findHolders(name, users("a", "x", "c")))
                .containsExactlyInAnyOrderElementsOf(users("a", "c"));
        assertThat(claims().findAllHolders(name)).containsExactlyInAnyOrderElementsOf(users);
    }

    @Test
    void givenBatchesOneAfterAnother_readDetails_listsEveryClaimantInClaimOrder() {
        Coupon coupon = Coupon.create(name, 10);
        coupons().add(coupon);
        ClaimDecision first = coupon.decide(users("z", "y"), Set.of());
        claims().save(first);

        assertThat(claims().save(first.couponAfter().decide(users("b", "x"), Set.of())))
                .isEqualTo(SaveOutcome.SAVED);

        RecordingView receiver = new RecordingView();
        coupons().readDetails(name, receiver);
        assertThat(receiver.coupon).isEqualTo(Coupon.rebuild(name, 10, 6, 2));
        assertThat(receiver.claimants).containsExactlyElementsOf(users("z", "y", "b", "x"));
    }

    @Test
    void givenStaleVersion_save_recordsNothingAndReportsVersionConflict() {
        Coupon coupon = Coupon.create(name, 5);
        coupons().add(coupon);
        ClaimDecision first = coupon.decide(users("a"), Set.of());
        ClaimDecision stale = coupon.decide(users("b"), Set.of());
        claims().save(first);

        assertThat(claims().save(stale)).isEqualTo(SaveOutcome.VERSION_CONFLICT);

        assertThat(coupons().findByName(name)).contains(Coupon.rebuild(name, 5, 4, 1));
        assertThat(claims().findAllHolders(name)).containsExactlyElementsOf(users("a"));
    }

    @Test
    void givenUserWhoHoldsTheCoupon_saveGrantingHimAgain_recordsNothingAndReportsClaimConflict() {
        Coupon coupon = Coupon.create(name, 5);
        coupons().add(coupon);
        claims().save(coupon.decide(users("b"), Set.of()));
        Coupon current = coupons().findByName(name).orElseThrow();

        // Decided at the current version, but without asking who holds it: b is granted again.
        assertThat(claims().save(current.decide(users("a", "b"), Set.of()))).isEqualTo(SaveOutcome.CLAIM_CONFLICT);

        assertThat(coupons().findByName(name)).as("stock and version untouched").contains(current);
        assertThat(claims().findAllHolders(name)).containsExactlyElementsOf(users("b"));
    }

    @Test
    void givenCouponThatWasNeverAdded_save_recordsNothingAndReportsVersionConflict() {
        Coupon never = Coupon.create(name, 5);

        assertThat(claims().save(never.decide(users("a"), Set.of()))).isEqualTo(SaveOutcome.VERSION_CONFLICT);

        assertThat(coupons().findByName(name)).isEmpty();
        assertThat(claims().findAllHolders(name)).isEmpty();
    }

    @Test
    void givenTheLastUnitsGranted_coupon_isStoredSoldOutWithItsHolders() {
        Coupon coupon = Coupon.create(name, 2);
        coupons().add(coupon);

        assertThat(claims().save(coupon.decide(users("a", "b", "c"), Set.of()))).isEqualTo(SaveOutcome.SAVED);

        Coupon stored = coupons().findByName(name).orElseThrow();
        assertThat(stored.isSoldOut()).isTrue();
        assertThat(stored).isEqualTo(Coupon.rebuild(name, 2, 0, 1));
        assertThat(claims().findAllHolders(name)).containsExactlyInAnyOrderElementsOf(users("a", "b"));
    }

    @Test
    void givenTwoCoupons_claims_belongToTheirOwnCoupon() {
        CouponName other = new CouponName(name.value() + "_OTHER");
        coupons().add(Coupon.create(name, 5));
        coupons().add(Coupon.create(other, 5));

        claims().save(Coupon.create(other, 5).decide(users("a"), Set.of()));
        assertThat(claims().save(Coupon.create(name, 5).decide(users("b", "a"), Set.of())))
                .isEqualTo(SaveOutcome.SAVED);

        assertThat(claims().findHolders(name, users("a", "b"))).containsExactlyInAnyOrderElementsOf(users("a", "b"));
        assertThat(claims().findAllHolders(other)).containsExactlyElementsOf(users("a"));
        assertThat(coupons().findByName(other)).contains(Coupon.rebuild(other, 5, 4, 1));
    }

    @Test
    void givenReceiverThatDeclinesClaimants_readDetails_pushesTheCouponOnly() {
        Coupon coupon = Coupon.create(name, 5);
        coupons().add(coupon);
        claims().save(coupon.decide(users("a", "b"), Set.of()));
        RecordingView upToDate = new RecordingView();
        upToDate.wantsClaimants = false;

        assertThat(coupons().readDetails(name, upToDate)).isTrue();

        assertThat(upToDate.coupon).isEqualTo(Coupon.rebuild(name, 5, 3, 1));
        assertThat(upToDate.claimants).isEmpty();
        assertThat(upToDate.calls).isOne();
    }

    private static List<UserId> users(String... ids) {
        return Arrays.stream(ids).map(UserId::new).toList();
    }

    private static final class RecordingView implements CouponDetailsView {
        Coupon coupon;
        boolean wantsClaimants = true;
        int calls;
        final List<UserId> claimants = new ArrayList<>();

        @Override
        public boolean coupon(Coupon coupon) {
            calls++;
            this.coupon = coupon;
            return wantsClaimants;
        }

        @Override
        public void claimant(UserId userId) {
            calls++;
            claimants.add(userId);
        }
    }
}
