package io.flashsale.coupons.adapter.rest;

import io.flashsale.coupons.domain.model.ClaimOutcome;
import io.flashsale.coupons.domain.model.Coupon;
import io.flashsale.coupons.domain.model.CouponName;
import io.flashsale.coupons.domain.model.CouponNotFoundException;
import io.flashsale.coupons.domain.model.InvalidValueException;
import io.flashsale.coupons.domain.port.in.ClaimCouponCommand;
import io.flashsale.coupons.domain.port.in.ClaimCouponUseCase;
import io.flashsale.coupons.domain.port.in.CreateCouponCommand;
import io.flashsale.coupons.domain.port.in.CreateCouponUseCase;
import io.flashsale.coupons.domain.port.in.GetCouponDetailsUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.coyote.CloseNowException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.DisconnectedClientHelper;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.json.JsonMapper;

/** The three endpoints of the API contract. */
@Tag(name = "Coupons", description = "Create coupons, claim them in a flash sale, see who holds them")
@RestController
@RequestMapping("/api/coupons")
class CouponController {

    private static final Logger log = LoggerFactory.getLogger(CouponController.class);
    /** Bytes per write to the client; the deadline is checked between writes. */
    private static final int COPY_CHUNK_BYTES = 16 * 1024;

    private final CreateCouponUseCase createCoupon;
    private final ClaimCouponUseCase claimCoupon;
    private final GetCouponDetailsUseCase getCouponDetails;
    private final ResponseMapper responses;
    private final JsonMapper json;
    private final DetailsBodies bodies;

    CouponController(
            CreateCouponUseCase createCoupon,
            ClaimCouponUseCase claimCoupon,
            GetCouponDetailsUseCase getCouponDetails,
            ResponseMapper responses,
            JsonMapper json,
            DetailsBodies bodies) {
        this.createCoupon = createCoupon;
        this.claimCoupon = claimCoupon;
        this.getCouponDetails = getCouponDetails;
        this.responses = responses;
        this.json = json;
        this.bodies = bodies;
    }

    @Operation(summary = "Create a coupon with a fixed amount of units")
    @ApiResponse(
            responseCode = "201",
            description = "Created; Location names the coupon",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = CouponResponse.class),
                            examples = @ExampleObject(ApiDocumentation.NEW_COUPON)))
    @ProblemResponses({
        ApiError.INVALID_REQUEST,
        ApiError.COUPON_ALREADY_EXISTS,
        ApiError.PAYLOAD_TOO_LARGE,
        ApiError.UNSUPPORTED_MEDIA_TYPE,
        ApiError.SERVICE_UNAVAILABLE
    })
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CouponResponse> create(@RequestBody CreateCouponRequest request) {
        CreateCouponCommand command = request.toCommand();
        Coupon created = createCoupon.createCoupon(command);
        return ResponseEntity.created(locationOf(command.name())).body(CouponResponse.created(created));
    }

    @Operation(
            summary = "Claim one unit of a coupon for a user",
            description = "Checks in this order: valid body, coupon exists, user does not hold it yet, stock left. "
                    + "Checking, recording the claim and deducting the stock are one atomic unit.")
    @ApiResponse(
            responseCode = "201",
            description = "Granted",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ClaimResponse.class),
                            examples = @ExampleObject(ApiDocumentation.CLAIM)))
    @ProblemResponses({
        ApiError.INVALID_REQUEST,
        ApiError.COUPON_NOT_FOUND,
        ApiError.COUPON_ALREADY_CLAIMED,
        ApiError.COUPON_SOLD_OUT,
        ApiError.PAYLOAD_TOO_LARGE,
        ApiError.UNSUPPORTED_MEDIA_TYPE,
        ApiError.SERVICE_UNAVAILABLE
    })
    @PostMapping(
            path = "/claim",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> claim(@RequestBody ClaimCouponRequest request) {
        ClaimCouponCommand command = request.toCommand();
        ClaimOutcome outcome = claimCoupon.claimCoupon(command);
        String user = command.userId().value();
        String coupon = command.couponName().value();
        return switch (outcome) {
            case GRANTED -> ResponseEntity.status(HttpStatus.CREATED).body(responses.toClaimResponse(command));
            case ALREADY_CLAIMED ->
                ApiError.COUPON_ALREADY_CLAIMED.problem(user, coupon).toResponseEntity();
            case SOLD_OUT -> ApiError.COUPON_SOLD_OUT.problem(coupon).toResponseEntity();
            case COUPON_NOT_FOUND -> ApiError.COUPON_NOT_FOUND.problem(coupon).toResponseEntity();
        };
    }

    /**
     * Reads the details into a body of bounded heap (the rest in a temporary file), lets go of the
     * database, then sends them with their length. What fails before the first byte is answered as
     * any failure is (503 when storage failed); what fails after it breaks the connection off, so
     * that no client ever takes part of the list for all of it.
     */
    @Operation(
            summary = "Show a coupon, its stock and its claimants in claim order",
            description = "Answers with an ETag; a request whose If-None-Match holds it gets 304 without a body.",
            parameters = {
                @Parameter(name = "name", description = "The coupon's name, percent-encoded"),
                @Parameter(
                        name = HttpHeaders.IF_NONE_MATCH,
                        in = ParameterIn.HEADER,
                        description = "ETags the client holds already, or *")
            })
    @ApiResponse(
            responseCode = "200",
            description = "The coupon; claimed_by is oldest first, [] when none",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = CouponResponse.class),
                            examples = @ExampleObject(ApiDocumentation.COUPON)))
    @ApiResponse(responseCode = "304", description = "Not modified: the If-None-Match holds the current ETag")
    @ProblemResponses({ApiError.COUPON_NOT_FOUND, ApiError.SERVICE_UNAVAILABLE})
    @GetMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    void details(
            @PathVariable String name,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false)
                    String ifNoneMatch,
            @Parameter(hidden = true) HttpServletResponse response)
            throws IOException {
        long deadline = System.nanoTime() + bodies.deadline().toNanos();
        CouponName couponName;
        try {
            couponName = new CouponName(name);
        } catch (InvalidValueException noSuchName) {
            // No coupon can have an invalid name, so it is as unknown as any other.
            throw new CouponNotFoundException(name);
        }
        try (CouponDetailsDocument document = new CouponDetailsDocument(json, bodies.newBody(), ifNoneMatch)) {
            getCouponDetails.showCouponDetails(couponName, document);
            document.finish();
            response.setHeader(HttpHeaders.ETAG, document.etag());
            if (document.notModified()) {
                response.setStatus(HttpStatus.NOT_MODIFIED.value());
                return;
            }
            send(document.body(), response, deadline, name);
        }
    }

    private static void send(SpillBuffer body, HttpServletResponse response, long deadline, String coupon)
            throws IOException {
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLengthLong(body.size());
        try {
            body.copyTo(response.getOutputStream(), COPY_CHUNK_BYTES, () -> {
                if (System.nanoTime() - deadline > 0) {
                    throw new DeadlinePassed();
                }
            });
        } catch (IOException | RuntimeException e) {
            if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
                // Nobody left to tell; ProblemHandler notes it quietly.
                throw e;
            }
            if (e instanceof DeadlinePassed) {
                log.debug("Details of coupon '{}' broken off: the client took longer than the deadline", coupon);
            } else {
                log.warn("Details of coupon '{}' broken off after their first byte: {}", coupon, e.toString());
            }
            // Tomcat closes the connection at once for it, and writes nothing more: the client sees a
            // body shorter than its Content-Length, never a list that merely looks complete.
            throw new CloseNowException("details of coupon '" + coupon + "' broken off", e);
        }
    }

    /** The client was still receiving when the request's time was up. */
    private static final class DeadlinePassed extends IOException {
        DeadlinePassed() {
            super("deadline passed");
        }
    }

    /**
     * The path of a coupon's details: each UTF-8 byte of the name percent-encoded, except RFC 3986's
     * unreserved characters ({@link UriUtils#encode(String, java.nio.charset.Charset)}). Anything else
     * may mean something to a server or a client on the way ({@code ;} starts path parameters that
     * Tomcat and Spring strip, {@code %}, {@code ?}, {@code #}, {@code \}, sub-delimiters), so the
     * path must carry none of it literally.
     */
    static URI locationOf(CouponName name) {
        return URI.create("/api/coupons/" + UriUtils.encode(name.value(), StandardCharsets.UTF_8));
    }
}
