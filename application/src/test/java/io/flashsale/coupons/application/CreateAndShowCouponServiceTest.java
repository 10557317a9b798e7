package io.flashsale.coupons.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponAlreadyExistsException;
import io.flashsale.coupons.domain.model.CouponDetailsView;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.CouponNotFoundException;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.CreateCouponCommand;
import io.flashsale.coupons.domain.port.out.InMemoryStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CreateAndShowCouponServiceTest {

    private final InMemoryStorage storage = new InMemoryStorage();
    private final CreateCouponService create = new CreateCouponService(storage);
    private final GetCouponDetailsService show = new GetCouponDetailsService(storage);

    @Test
    void givenFreeName_create_storesAFullCoupon() {
        Coupon coupon = create.createCoupon(new CreateCouponCommand(new CouponName("NEW"), 3));

        assertThat(coupon.remainingAmount()).isEqualTo(3);
        assertThat(storage.coupon(new CouponName("NEW"))).isEqualTo(coupon);
    }

    @Test
    void givenTakenName_create_failsAsAlreadyExists() {
        create.createCoupon(new CreateCouponCommand(new CouponName("NEW"), 3));

        assertThatThrownBy(() -> create.createCoupon(new CreateCouponCommand(new CouponName("NEW"), 9)))
                .isInstanceOf(CouponAlreadyExistsException.class);
        assertThat(storage.coupon(new CouponName("NEW")).amount()).isEqualTo(3);
    }

    @Test
    void givenUnknownName_show_failsAsNotFound() {
        assertThatThrownBy(() -> show.showCouponDetails(new CouponName("NONE"), new Recorder()))
                .isInstanceOf(CouponNotFoundException.class)
                .hasMessageContaining("NONE");
    }

    @Test
    void givenCoupon_show_pushesCouponThenClaimants() {
        create.createCoupon(new CreateCouponCommand(new CouponName("SHOWN"), 3));
        Recorder recorder = new Recorder();

        show.showCouponDetails(new CouponName("SHOWN"), recorder);

        assertThat(recorder.coupon.name().value()).isEqualTo("SHOWN");
        assertThat(recorder.claimants).isEmpty();
    }

    @Test
    void givenSoldOutCouponShownOnce_show_answersLaterReadsFromMemory() {
        soldOut("GONE", "b", "a");
        show.showCouponDetails(new CouponName("GONE"), new Recorder());
        storage.down = true;
        Recorder recorder = new Recorder();

        show.showCouponDetails(new CouponName("GONE"), recorder);

        assertThat(storage.detailReads).hasValue(1);
        assertThat(recorder.coupon.remainingAmount()).isZero();
        assertThat(recorder.claimants).containsExactly(new UserId("b"), new UserId("a"));
    }

    @Test
    void givenSoldOutCouponWithTooManyClaimantsToKeep_show_readsOnlyItsClaimantsAgain() {
        GetCouponDetailsService frugal = new GetCouponDetailsService(storage, new SoldOutDetails(10, 1));
        soldOut("GONE", "b", "a");
        frugal.showCouponDetails(new CouponName("GONE"), new Recorder());
        Recorder recorder = new Recorder();

        frugal.showCouponDetails(new CouponName("GONE"), recorder);

        assertThat(storage.detailReads).hasValue(2);
        assertThat(recorder.coupons).isEqualTo(1);
        assertThat(recorder.claimants).containsExactly(new UserId("b"), new UserId("a"));
    }

    @Test
    void givenSoldOutCouponTheViewHasAlready_show_readsNothingAndPushesNoClaimant() {
        soldOut("GONE", "b", "a");
        show.showCouponDetails(new CouponName("GONE"), new Recorder());
        Recorder upToDate = new Recorder();
        upToDate.wantsClaimants = false;

        show.showCouponDetails(new CouponName("GONE"), upToDate);

        assertThat(storage.detailReads).hasValue(1);
        assertThat(upToDate.coupon.name().value()).isEqualTo("GONE");
        assertThat(upToDate.claimants).isEmpty();
    }

    @Test
    void givenStockLeft_show_readsStorageEachTime() {
        create.createCoupon(new CreateCouponCommand(new CouponName("OPEN"), 3));

        show.showCouponDetails(new CouponName("OPEN"), new Recorder());
        show.showCouponDetails(new CouponName("OPEN"), new Recorder());

        assertThat(storage.detailReads).hasValue(2);
    }

    private void soldOut(String name, String... users) {
        Coupon coupon = create.createCoupon(new CreateCouponCommand(new CouponName(name), users.length));
        storage.save(coupon.decide(Arrays.stream(users).map(UserId::new).toList(), Set.of()));
        assertThat(storage.coupon(new CouponName(name)).remainingAmount()).isZero();
    }

    private static final class Recorder implements CouponDetailsView {
        Coupon coupon;
        int coupons;
        boolean wantsClaimants = true;
        final List<UserId> claimants = new ArrayList<>();

        @Override
        public boolean coupon(Coupon coupon) {
            this.coupon = coupon;
            coupons++;
            return wantsClaimants;
        }

        @Override
        public void claimant(UserId userId) {
            claimants.add(userId);
        }
    }
}
