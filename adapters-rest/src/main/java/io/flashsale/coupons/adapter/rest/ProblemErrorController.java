package io.flashsale.coupons.adapter.rest;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page, in place of Spring Boot's: errors that never pass through
 * {@link ProblemHandler} (a {@code sendError} from Tomcat or Spring, a failure outside any
 * controller) are answered as problems too. Asked for directly, the error page does not exist.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<Object> error(HttpServletRequest request, HttpServletResponse response) {
        if (response.isCommitted()) {
            // A failure after the first byte: Tomcat includes this page into the response, then
            // closes the connection. Nothing is added, so the client sees its body broken off
            // rather than a problem glued to half a document.
            return null;
        }
        // Tomcat refuses some requests (TRACE, say) before any filter runs, then forwards here.
        SecurityHeadersFilter.addTo(response);
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status)) {
            return Problem.of(ApiError.NOT_FOUND).toResponseEntity();
        }
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
            if (status >= 500) {
                log.error("Unexpected failure outside the controllers", failure);
            } else {
                // The client's fault, such as a malformed chunked body or one that stopped arriving.
                log.debug("Answered {} to a request Tomcat could not read: {}", status, failure.toString());
            }
        }
        return Problem.of(ApiError.forStatus(status)).toResponseEntity();
    }
}
