package io.flashsale.coupons.e2e;

import io.flashsale.coupons.CouponsApplication;
import io.flashsale.coupons.testing.TestPostgres;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole service on a random port against the test PostgreSQL, driven over real HTTP. */
@SpringBootTest(classes = CouponsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RunningServiceTest {

    @LocalServerPort
    int port;

    protected Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestPostgres.connection().springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    /** A coupon name no other test uses, so tests share the database without cleaning it. */
    protected static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
