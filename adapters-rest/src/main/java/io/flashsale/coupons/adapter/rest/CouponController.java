package io.flashsale.coupons.adapter.rest;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.CouponNotFoundException;
import io.flashsale.coupons.domain.model.InvalidValueException;
import io.flashsale.coupons.domain.model.UserId;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.ClaimCouponUseCase;
import io.flashsale.coupons.domain.port.in.CreateCouponCommand;
import io.flashsale.coupons.domain.port.in.CreateCouponUseCase;
import io.flashsale.coupons.domain.port.in.GetCouponDetailsUseCase;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.json.JsonMapper;

/** The three endpoints of the API contract. */
@RestController
@RequestMapping("/api/coupons")
class CouponController {

    private final CreateCouponUseCase createCoupon;
    private final ClaimCouponUseCase claimCoupon;
    private final GetCouponDetailsUseCase getCouponDetails;
    private final ResponseMapper responses;
    private final JsonMapper json;

    CouponController(CreateCouponUseCase createCoupon, ClaimCouponUseCase claimCoupon,
                     GetCouponDetailsUseCase getCouponDetails, ResponseMapper responses, JsonMapper json) {
        this.createCoupon = createCoupon;
        this.claimCoupon = claimCoupon;
        this.getCouponDetails = getCouponDetails;
        this.responses = responses;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CouponResponse> create(@RequestBody CreateCouponRequest request) {
        CreateCouponCommand command = new CreateCouponCommand(
                new CouponName(request.name()), checkedAmount(request.amount()));
        createCoupon.createCoupon(command);
        URI location = URI.create("/api/coupons/" + UriUtils.encodePathSegment(command.name().value(), "UTF-8"));
        return ResponseEntity.created(location).body(responses.toNewCouponResponse(command));
    }

    @PostMapping(path = "/claim", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> claim(@RequestBody ClaimCouponRequest request) {
        ClaimCouponCommand command = new ClaimCouponCommand(
                new UserId(request.userId()), CouponName.of("coupon_name", request.couponName()));
        ClaimOutcome outcome = claimCoupon.claimCoupon(command);
        String user = command.userId().value();
        String coupon = command.couponName().value();
        return switch (outcome) {
            case GRANTED -> ResponseEntity.status(HttpStatus.CREATED).body(responses.toClaimResponse(command));
            case ALREADY_CLAIMED -> ApiError.COUPON_ALREADY_CLAIMED.response(
                    "user '" + user + "' already holds coupon '" + coupon + "'");
            case SOLD_OUT -> ApiError.COUPON_SOLD_OUT.response("coupon '" + coupon + "' has no units left");
            case COUPON_NOT_FOUND -> ApiError.COUPON_NOT_FOUND.response("no coupon is named '" + coupon + "'");
        };
    }

    /** Streams the claimant list, so a coupon with a million claims costs no memory here. */
    @GetMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    void details(@PathVariable String name, HttpServletResponse response) throws IOException {
        CouponName couponName;
        try {
            couponName = new CouponName(name);
        } catch (InvalidValueException noSuchName) {
            // No coupon can have an invalid name, so it is as unknown as any other.
            throw new CouponNotFoundException(name);
        }
        try (CouponJsonWriter writer = new CouponJsonWriter(json, response)) {
            getCouponDetails.showCouponDetails(couponName, writer);
        }
    }

    private static long checkedAmount(Long amount) {
        if (amount == null) {
            throw new InvalidValueException("amount", "is required");
        }
        return amount;
    }
}
