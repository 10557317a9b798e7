package io.flashsale.coupons.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ProblemErrorControllerTest {

    private final ProblemErrorController controller = new ProblemErrorController();

    @ParameterizedTest
    @CsvSource({
        "405, METHOD_NOT_ALLOWED, Method Not Allowed",
        "400, INVALID_REQUEST, Bad Request",
        "500, INTERNAL_ERROR, Internal Server Error",
        "408, REQUEST_TIMEOUT, the request body stopped arriving " + "before it was complete",
        "418, I_AM_A_TEAPOT, I'm a teapot"
    })
    void givenAnErrorForwardedByTheContainer_theErrorPage_answersItsProblemWithSecurityHeaders(
            int status, String code, String detail) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        MockHttpServletResponse response = new MockHttpServletResponse();

        ResponseEntity<Object> answer = controller.error(request, response);

        assertThat(answer.getStatusCode().value()).isEqualTo(status);
        ProblemDetail problem = (ProblemDetail) answer.getBody();
        assertThat(problem.getProperties()).containsEntry("code", code);
        assertThat(problem.getDetail()).isEqualTo(detail);
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void givenTheErrorPageAskedForDirectly_itIsNotFound() {
        ResponseEntity<Object> answer =
                controller.error(new MockHttpServletRequest("POST", "/error"), new MockHttpServletResponse());

        assertThat(answer.getStatusCode().value()).isEqualTo(404);
        assertThat(((ProblemDetail) answer.getBody()).getProperties()).containsEntry("code", "NOT_FOUND");
    }

    @Test
    void givenAResponseAlreadyOnItsWay_theErrorPage_addsNothing() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setCommitted(true);

        assertThat(controller.error(request, response)).isNull();
    }
}
