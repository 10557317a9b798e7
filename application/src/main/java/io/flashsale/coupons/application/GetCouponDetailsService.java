package io.flashsale.coupons.application;

import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponDetailsView;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.CouponNotFoundException;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.GetCouponDetailsUseCase;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows a coupon and its claimants from one snapshot of storage. A coupon once seen sold out never
 * changes, so its details are remembered (see {@link SoldOutDetails}): a reader who holds them
 * already costs no read at all, and one who does not costs none either while its list fits in
 * memory. That is the product page of a flash sale after the sell-out, asked for by everyone.
 */
public final class GetCouponDetailsService implements GetCouponDetailsUseCase {

    /** Claimants of one coupon that may be kept in memory: lists longer than this are read each time. */
    static final int MAX_CLAIMANTS_KEPT_PER_COUPON = 1_000;

    private final CouponRepository coupons;
    private final SoldOutDetails soldOut;

    public GetCouponDetailsService(CouponRepository coupons) {
        this(coupons, new SoldOutDetails(SoldOutDetails.DEFAULT_MAX_COUPONS, SoldOutDetails.DEFAULT_MAX_CLAIMANTS));
    }

    GetCouponDetailsService(CouponRepository coupons, SoldOutDetails soldOut) {
        this.coupons = coupons;
        this.soldOut = soldOut;
    }

    @Override
    public void showCouponDetails(CouponName name, CouponDetailsView view) {
        SoldOutDetails.Known known = soldOut.get(name);
        if (known != null) {
            showSoldOut(known, view);
            return;
        }
        Recorder recorder = new Recorder(view, false);
        if (!coupons.readDetails(name, recorder)) {
            throw new CouponNotFoundException(name.value());
        }
        recorder.rememberIfSoldOut();
    }

    private void showSoldOut(SoldOutDetails.Known known, CouponDetailsView view) {
        if (!view.coupon(known.coupon())) {
            return;
        }
        if (known.claimants() != null) {
            known.claimants().forEach(view::claimant);
            return;
        }
        Recorder recorder = new Recorder(view, true);
        // Sold out, so still there: coupons are never removed.
        coupons.readDetails(known.coupon().name(), recorder);
        recorder.rememberIfSoldOut();
    }

    /**
     * Passes what storage reads on to the view, keeping a copy of a sold-out coupon's details while
     * they are small.
     */
    private final class Recorder implements CouponDetailsView {

        private final CouponDetailsView view;
        private final boolean couponShown;
        private Coupon coupon;
        private List<UserId> claimants;

        /** @param couponShown whether the view has been shown the coupon already and waits for its claimants */
        Recorder(CouponDetailsView view, boolean couponShown) {
            this.view = view;
            this.couponShown = couponShown;
        }

        @Override
        public boolean coupon(Coupon coupon) {
            this.coupon = coupon;
            boolean wantsClaimants = couponShown || view.coupon(coupon);
            int count = coupon.amount();
            if (wantsClaimants
                    && coupon.remainingAmount() == 0
                    && count <= MAX_CLAIMANTS_KEPT_PER_COUPON
                    && soldOut.hasRoomFor(count)) {
                claimants = new ArrayList<>(count);
            }
            return wantsClaimants;
        }

        @Override
        public void claimant(UserId userId) {
            if (claimants != null) {
                claimants.add(userId);
            }
            view.claimant(userId);
        }

        /** Called once the read completed, so that a list cut short is never remembered. */
        void rememberIfSoldOut() {
            if (coupon != null && coupon.remainingAmount() == 0) {
                boolean whole = claimants != null && claimants.size() == coupon.amount();
                soldOut.remember(coupon, whole ? claimants : null);
            }
        }
    }
}
