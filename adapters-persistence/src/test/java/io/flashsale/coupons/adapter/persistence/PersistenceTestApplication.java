package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.testing.TestPostgres;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Just the persistence adapter, DataSource and Liquibase, on the test PostgreSQL ({@link TestPostgres}):
 * every IT of this module starts from it, and all of them share one application context.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PersistenceAdapterConfiguration.class)
class PersistenceTestApplication {

    @Bean
    static DynamicPropertyRegistrar testPostgres() {
        return registry ->
                TestPostgres.connection().springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }
}
