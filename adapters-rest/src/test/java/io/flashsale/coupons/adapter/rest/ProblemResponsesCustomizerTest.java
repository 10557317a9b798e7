package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.lang.reflect.Method;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;

class ProblemResponsesCustomizerTest {

    private final ProblemResponsesCustomizer customizer = new ProblemResponsesCustomizer();

    @Test
    void givenTheClaimEndpoint_itsErrorResponses_comeFromTheCatalogueSortedByStatus() throws Exception {
        ApiResponses declared = new ApiResponses().addApiResponse("201", new ApiResponse().description("Granted"));

        Operation operation =
                customizer.customize(new Operation().responses(declared), handler("claim", ClaimCouponRequest.class));

        assertThat(operation.getResponses()).containsOnlyKeys("201", "400", "404", "409", "413", "415", "503");
        assertThat(operation.getResponses().keySet()).containsExactly("201", "400", "404", "409", "413", "415", "503");
        assertThat(operation.getResponses().get("201").getDescription()).isEqualTo("Granted");
        MediaType conflict = problem(operation.getResponses().get("409"));
        assertThat(conflict.getExamples()).containsOnlyKeys("COUPON_ALREADY_CLAIMED", "COUPON_SOLD_OUT");
        assertThat(conflict.getExamples().get("COUPON_ALREADY_CLAIMED").getValue())
                .isEqualTo(Map.of(
                        "type",
                        "urn:problem-type:flash-sale-coupons:coupon-already-claimed",
                        "title",
                        "Coupon already claimed",
                        "status",
                        409,
                        "detail",
                        "user 'user_12345' already holds coupon 'PROMO_SUPER'",
                        "code",
                        "COUPON_ALREADY_CLAIMED"));
        assertThat(detail(problem(operation.getResponses().get("400")).getExample()))
                .isEqualTo("amount must be an integer between 1 and 2147483647");
        assertThat(detail(problem(operation.getResponses().get("413")).getExample()))
                .isEqualTo("the request body must be at most 16384 bytes");
        assertThat(operation.getResponses().get("409").getDescription())
                .isEqualTo("COUPON_ALREADY_CLAIMED (also when sold out by now) or COUPON_SOLD_OUT");
    }

    @Test
    void givenTheDetailsEndpoint_aSingleErrorPerStatus_isOneExample() throws Exception {
        Operation operation = customizer.customize(
                new Operation(),
                handler("details", String.class, String.class, jakarta.servlet.http.HttpServletResponse.class));

        assertThat(operation.getResponses()).containsOnlyKeys("404", "503");
        assertThat(detail(problem(operation.getResponses().get("404")).getExample()))
                .isEqualTo("no coupon is named 'PROMO_SUPER'");
        assertThat(detail(problem(operation.getResponses().get("503")).getExample()))
                .isEqualTo("the service is busy, try again shortly");
    }

    @Test
    void givenAMethodWithoutProblemResponses_theOperation_isLeftAsItIs() throws Exception {
        Operation operation = new Operation();

        assertThat(customizer.customize(
                        operation,
                        new HandlerMethod(
                                this,
                                getClass()
                                        .getDeclaredMethod(
                                                "givenAMethodWithoutProblemResponses_theOperation_isLeftAsItIs"))))
                .isSameAs(operation);
        assertThat(operation.getResponses()).isNull();
    }

    private static HandlerMethod handler(String name, Class<?>... parameters) throws NoSuchMethodException {
        Method method = CouponController.class.getDeclaredMethod(name, parameters);
        return new HandlerMethod(new CouponController(null, null, null, null, null, null), method);
    }

    private static MediaType problem(ApiResponse response) {
        return response.getContent().get("application/problem+json");
    }

    private static Object detail(Object example) {
        return ((Map<?, ?>) example).get("detail");
    }
}
