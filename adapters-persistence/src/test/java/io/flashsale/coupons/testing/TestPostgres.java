package io.flashsale.coupons.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL per test JVM, found the same way by every test that needs one: the JDBC URL in
 * {@code COUPONS_TEST_DB_URL} (with {@code _USERNAME} and {@code _PASSWORD}) when given; otherwise a
 * Testcontainers {@code postgres:17} when a Docker engine answers and can start it; otherwise an embedded
 * PostgreSQL 17.
 * Tests keep to their own coupon names, so they share the database without cleaning it.
 */
public final class TestPostgres {

    /** How to connect, and which of the three ways it came from. */
    public record Connection(String jdbcUrl, String username, String password, String source) {

        public Map<String, String> springProperties() {
            return Map.of(
                    "spring.datasource.url", jdbcUrl,
                    "spring.datasource.username", username,
                    "spring.datasource.password", password);
        }
    }

    private static Connection connection;

    private TestPostgres() {}

    public static synchronized Connection connection() {
        if (connection == null) {
            connection = start();
            System.out.println("TestPostgres: using " + connection.source() + " at " + connection.jdbcUrl());
        }
        return connection;
    }

    private static Connection start() {
        String url = System.getenv("COUPONS_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new Connection(
                    url,
                    env("COUPONS_TEST_DB_USERNAME", "postgres"),
                    env("COUPONS_TEST_DB_PASSWORD", ""),
                    "COUPONS_TEST_DB_URL");
        }
        if (dockerAnswers()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
            try {
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
                return new Connection(
                        container.getJdbcUrl(),
                        container.getUsername(),
                        container.getPassword(),
                        "Testcontainers postgres:17");
            } catch (RuntimeException e) {
                // A Docker engine that answers yet cannot pull or start the image (offline, say) is no
                // reason to fail the build while an embedded PostgreSQL can run.
                System.out.println("TestPostgres: Testcontainers failed (" + e.getMessage() + "), falling back");
                container.close();
            }
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // The JVM is going away; the temporary data directory goes with the process.
                }
            }));
            return new Connection(
                    postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", "embedded PostgreSQL");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start an embedded PostgreSQL", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /**
     * Whether Testcontainers can use a Docker engine. Its check answers false for no engine, but throws
     * when an engine answers and Testcontainers' own setup on it fails (an offline engine that cannot
     * pull the Ryuk image): that is no reason to fail the build either.
     */
    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            System.out.println(
                    "TestPostgres: Docker answers but Testcontainers cannot use it (" + e.getMessage() + ")");
            return false;
        }
    }
}
