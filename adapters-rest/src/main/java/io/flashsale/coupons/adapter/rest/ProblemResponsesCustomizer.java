package io.flashsale.coupons.adapter.rest;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/**
 * Writes the error responses of each endpoint into the OpenAPI document from its
 * {@link ProblemResponses}: one response per status, whose examples are the catalogue's problems
 * ({@link ApiError}) with the details the API really writes, for coupon {@value #COUPON} and user
 * {@value #USER}. Responses are listed by status.
 */
final class ProblemResponsesCustomizer implements OperationCustomizer {

    static final String COUPON = "PROMO_SUPER";
    static final String USER = "user_12345";

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        ProblemResponses declared = handlerMethod.getMethodAnnotation(ProblemResponses.class);
        if (declared == null) {
            return operation;
        }
        Map<String, ApiResponse> byStatus = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
        if (operation.getResponses() != null) {
            byStatus.putAll(operation.getResponses());
        }
        Arrays.stream(declared.value())
                .collect(Collectors.groupingBy(
                        error -> Integer.toString(error.status().value())))
                .forEach((status, errors) -> byStatus.put(status, response(errors)));
        ApiResponses responses = new ApiResponses();
        responses.putAll(byStatus);
        return operation.responses(responses);
    }

    private static ApiResponse response(List<ApiError> errors) {
        MediaType problem = new MediaType();
        if (errors.size() == 1) {
            problem.example(example(errors.getFirst()));
        } else {
            errors.forEach(error -> problem.addExamples(
                    error.code(), new Example().description(error.code()).value(example(error))));
        }
        return new ApiResponse()
                .description(errors.stream()
                        .map(ProblemResponsesCustomizer::describe)
                        .collect(Collectors.joining(" or ")))
                .content(new Content()
                        .addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE, problem));
    }

    /** The code, and what a client should know about it beyond its title. */
    private static String describe(ApiError error) {
        return error.code()
                + switch (error) {
                    case INVALID_REQUEST -> ": the detail names the field";
                    case COUPON_ALREADY_CLAIMED -> " (also when sold out by now)";
                    case PAYLOAD_TOO_LARGE -> ": body over " + RestAdapterConfiguration.MAX_BODY_BYTES / 1024 + " KiB";
                    case UNSUPPORTED_MEDIA_TYPE -> ": Content-Type must be application/json";
                    case SERVICE_UNAVAILABLE ->
                        ": overloaded or database unreachable; retry after Retry-After seconds "
                                + "(a retried claim is never granted twice)";
                    default -> "";
                };
    }

    /** The body the API writes for {@code error} about {@link #COUPON} and {@link #USER}. */
    static Map<String, Object> example(ApiError error) {
        String detail = switch (error) {
            case INVALID_REQUEST -> invalidRequestDetail();
            case COUPON_ALREADY_CLAIMED -> error.detail(USER, COUPON);
            case PAYLOAD_TOO_LARGE -> error.detail(RestAdapterConfiguration.MAX_BODY_BYTES);
            case COUPON_NOT_FOUND, COUPON_ALREADY_EXISTS, COUPON_SOLD_OUT -> error.detail(COUPON);
            default -> error.detail();
        };
        return Problem.of(error, detail).fields();
    }

    /** What a create with amount 0 is told. */
    private static String invalidRequestDetail() {
        try {
            new CreateCouponRequest(COUPON, 0L).toCommand();
            throw new IllegalStateException("amount 0 was accepted");
        } catch (InvalidFieldException refused) {
            return refused.getMessage();
        }
    }
}
