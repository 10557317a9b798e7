package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiErrorTest {

    @Test
    void givenAnyErrorStatus_forStatus_givesAProblemWithThatStatusATitleAndACode() {
        IntStream.rangeClosed(400, 599).forEach(status -> {
            ProblemType problem = ApiError.forStatus(status);
            Map<String, Object> fields = Problem.of(problem).fields();

            assertThat(fields.get("status")).as("status %d", status).isEqualTo(status);
            assertThat(problem.title()).as("status %d", status).isNotBlank();
            assertThat(problem.code()).as("status %d", status).matches("[A-Z0-9_]+");
            assertThat(problem.type().toString()).startsWith(ProblemType.TYPE_PREFIX);
        });
    }

    @ParameterizedTest
    @CsvSource({
        "400, INVALID_REQUEST",
        "404, NOT_FOUND",
        "405, METHOD_NOT_ALLOWED",
        "408, REQUEST_TIMEOUT",
        "409, CONFLICT",
        "413, PAYLOAD_TOO_LARGE",
        "417, EXPECTATION_FAILED",
        "500, INTERNAL_ERROR",
        "501, NOT_IMPLEMENTED",
        "503, SERVICE_UNAVAILABLE",
        "505, HTTP_VERSION_NOT_SUPPORTED",
        "418, I_AM_A_TEAPOT",
        "599, HTTP_599"
    })
    void givenStatusChosenByTomcatOrSpring_forStatus_namesWhatHappened(int status, String code) {
        assertThat(ApiError.forStatus(status).code()).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource({
        "408, Request Timeout",
        "417, Expectation Failed",
        "501, Not Implemented",
        "505, HTTP Version not supported"
    })
    void givenStatusOnlyTomcatAnswers_forStatus_isTitledByThatStatus(int status, String title) {
        assertThat(ApiError.forStatus(status).title()).isEqualTo(title);
    }
}
