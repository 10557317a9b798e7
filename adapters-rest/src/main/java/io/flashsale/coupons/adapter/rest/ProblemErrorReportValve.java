package io.flashsale.coupons.adapter.rest;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.MediaType;

/** Tomcat's error page for requests it refuses itself, as a problem body without server details. */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        Problem problem = Problem.of(ApiError.forStatus(status));
        try {
            // Tomcat refused the request before our filters ran, so their headers are not set yet.
            SecurityHeadersFilter.addTo(response);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(problem.json());
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away or the response was taken over meanwhile; nothing left to say.
        }
    }
}
