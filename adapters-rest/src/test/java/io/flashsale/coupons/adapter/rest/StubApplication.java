package io.flashsale.coupons.adapter.rest;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponAlreadyExistsException;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.CouponNotFoundException;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponUseCase;
import io.flashsale.coupons.domain.port.in.CreateCouponUseCase;
import io.flashsale.coupons.domain.port.in.GetCouponDetailsUseCase;
import io.flashsale.coupons.domain.port.in.ServiceBusyException;
import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import java.time.Duration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The REST adapter alone with stub use cases whose answer the coupon's name chooses: one per
 * outcome and failure the adapter maps. No database, no application.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RestAdapterConfiguration.class)
class StubApplication {

    /** A coupon that exists already. */
    static final String TAKEN = "TAKEN";
    /** A coupon the user holds already. */
    static final String HELD = "HELD";
    /** A coupon with no stock left. */
    static final String SOLD = "SOLD";
    /** No coupon of that name. */
    static final String NONE = "NONE";
    /** The use case is too busy to decide (503, Retry-After 2). */
    static final String BUSY = "BUSY";
    /** Storage unreachable (503). */
    static final String DOWN = "DOWN";
    /** A bug: the use case fails unexpectedly (500). */
    static final String BOOM = "BOOM";

    @Bean
    HttpLimits httpLimits() {
        return HttpLimits.forRequests(256, 64);
    }

    @Bean
    CreateCouponUseCase createCoupon() {
        return command -> {
            failIfAsked(command.name());
            if (command.name().value().equals(TAKEN)) {
                throw new CouponAlreadyExistsException(command.name());
            }
            return Coupon.create(command.name(), command.amount());
        };
    }

    @Bean
    ClaimCouponUseCase claimCoupon() {
        return command -> {
            failIfAsked(command.couponName());
            return switch (command.couponName().value()) {
                case HELD -> ClaimOutcome.ALREADY_CLAIMED;
                case SOLD -> ClaimOutcome.SOLD_OUT;
                case NONE -> ClaimOutcome.COUPON_NOT_FOUND;
                default -> ClaimOutcome.GRANTED;
            };
        };
    }

    /** Every coupon but {@link #NONE} has 10 units, 2 of them claimed, at version 3. */
    @Bean
    GetCouponDetailsUseCase getCouponDetails() {
        return (name, view) -> {
            failIfAsked(name);
            if (name.value().equals(NONE)) {
                throw new CouponNotFoundException(name.value());
            }
            if (view.coupon(Coupon.rebuild(name, 10, 8, 3))) {
                view.claimant(new UserId("user_1"));
                view.claimant(new UserId("user \"2\""));
            }
        };
    }

    private static void failIfAsked(CouponName name) {
        switch (name.value()) {
            case BUSY -> throw new ServiceBusyException("lane full", Duration.ofSeconds(2));
            case DOWN -> throw new StorageUnavailableException("connection refused", null);
            case BOOM -> throw new IllegalStateException("a bug");
            default -> {}
        }
    }
}
