package io.flashsale.coupons.config;

import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.util.StringUtils;

/**
 * Stops startup with one clear line when no database is configured, instead of the DataSource's
 * generic advice to add an in-memory database. Judged once the context is initialized, so that
 * tests' {@code @DynamicPropertySource} URLs count.
 */
public class DatabaseUrlRequired implements ApplicationListener<ApplicationContextInitializedEvent> {

    @Override
    public void onApplicationEvent(ApplicationContextInitializedEvent event) {
        if (!StringUtils.hasText(event.getApplicationContext().getEnvironment().getProperty("spring.datasource.url"))) {
            throw new DatabaseSetupException(
                    "No database configured: SPRING_DATASOURCE_URL is not set.",
                    "Set SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD; "
                            + "for a local run with an embedded PostgreSQL use ./mvnw spring-boot:test-run.",
                    null);
        }
    }
}
