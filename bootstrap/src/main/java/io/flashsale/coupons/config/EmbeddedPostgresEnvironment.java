package io.flashsale.coupons.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Local runs without Docker: when no {@code spring.datasource.url} is configured, starts an embedded
 * PostgreSQL 17 on a persistent data directory and points the datasource at it.
 */
public class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String URL_PROPERTY = "spring.datasource.url";

    private static final String PREFIX = "coupons.embedded-database";
    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";

    private final Log log;

    public EmbeddedPostgresEnvironment(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedPostgresEnvironment.class);
    }

    /**
     * {@code coupons.embedded-database.*}.
     *
     * @param enabled       start an embedded PostgreSQL when no datasource URL is configured
     * @param dataDirectory where it keeps its data; created if missing, never cleaned
     * @param port          its TCP port on localhost; fixed, so that a client tool finds it again
     */
    record Settings(@DefaultValue("true") boolean enabled,
                    @DefaultValue("./data/postgres") Path dataDirectory,
                    @DefaultValue("54329") int port) {
    }

    @Override
    public int getOrder() {
        // After the config data (application.yaml, profiles) has been loaded, so that a URL set there counts.
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (hasDatabaseUrl(environment)) {
            return;
        }
        Settings settings = Binder.get(environment).bindOrCreate(PREFIX, Settings.class);
        if (!settings.enabled()) {
            // Tests add the URL after this point (@DynamicPropertySource), so judge once the context is initialized.
            application.addListeners(new DatabaseUrlRequired());
            return;
        }
        Path dataDirectory = settings.dataDirectory().toAbsolutePath().normalize();
        EmbeddedPostgres postgres = start(dataDirectory, settings.port());
        application.addListeners(new StopWithContext(postgres, log));
        environment.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", Map.of(
                URL_PROPERTY, postgres.getJdbcUrl(USER, DATABASE),
                "spring.datasource.username", USER,
                "spring.datasource.password", "")));
        log.warn("No SPRING_DATASOURCE_URL set: running on an embedded PostgreSQL 17 (local use only) at "
                + "localhost:" + settings.port() + ", data in " + dataDirectory);
    }

    private static boolean hasDatabaseUrl(Environment environment) {
        return StringUtils.hasText(environment.getProperty(URL_PROPERTY));
    }

    private static EmbeddedPostgres start(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // Trust authentication is only acceptable while nothing but this machine can connect.
                    .setServerConfig("listen_addresses", "localhost")
                    // The library turns this off for speed in tests; here a restart must not lose claims.
                    .setServerConfig("synchronous_commit", "on")
                    // The first start on a slow disk, or crash recovery, can take longer than the 10 s default.
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new DatabaseSetupException(
                    "Could not start the embedded PostgreSQL on port " + port + " with data in " + dataDirectory
                            + ": " + rootMessage(e),
                    "Free port " + port + " (or choose another with COUPONS_EMBEDDED_DATABASE_PORT), "
                            + "or set SPRING_DATASOURCE_URL to use a PostgreSQL of your own.",
                    e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /**
     * Stops the server when the application context closes. Registered as the context's first disposable
     * bean, it is destroyed last: after the connection pool, before logging shuts down. (The library's own
     * JVM shutdown hook stops the server too, should startup fail before the context exists.)
     */
    record StopWithContext(EmbeddedPostgres postgres, Log log) implements ApplicationListener<ApplicationPreparedEvent> {

        @Override
        public void onApplicationEvent(ApplicationPreparedEvent event) {
            if (event.getApplicationContext().getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
                registry.registerDisposableBean("embeddedPostgres", this::stop);
            }
        }

        private void stop() {
            try {
                postgres.close();
                log.info("Embedded PostgreSQL stopped");
            } catch (IOException e) {
                log.warn("Could not stop the embedded PostgreSQL cleanly: " + e.getMessage());
            }
        }
    }

    /** Stops startup with a clear message when neither a datasource URL nor the embedded database is there. */
    static final class DatabaseUrlRequired implements ApplicationListener<ApplicationContextInitializedEvent> {

        @Override
        public void onApplicationEvent(ApplicationContextInitializedEvent event) {
            if (!hasDatabaseUrl(event.getApplicationContext().getEnvironment())) {
                throw new DatabaseSetupException(
                        "No database configured: SPRING_DATASOURCE_URL is not set and the embedded database is "
                                + "disabled (coupons.embedded-database.enabled=false).",
                        "Set SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD, "
                                + "or set COUPONS_EMBEDDED_DATABASE_ENABLED=true for a local embedded PostgreSQL.",
                        null);
            }
        }
    }
}
