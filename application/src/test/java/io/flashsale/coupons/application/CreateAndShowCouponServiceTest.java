package io.flashsale.coupons.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponAlreadyExistsException;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.CouponNotFoundException;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.CouponDetailsView;
import io.flashsale.coupons.domain.port.in.CreateCouponCommand;
import java.util.ArrayList;
import java.util.List;
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

    private static final class Recorder implements CouponDetailsView {
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
