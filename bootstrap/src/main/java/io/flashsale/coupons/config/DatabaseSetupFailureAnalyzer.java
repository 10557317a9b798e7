package io.flashsale.coupons.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a missing database as Spring Boot's short startup-failure report instead of a stack trace. */
public class DatabaseSetupFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseSetupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DatabaseSetupException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
