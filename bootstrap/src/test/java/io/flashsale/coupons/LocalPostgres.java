package io.flashsale.coupons;

import io.flashsale.coupons.config.DatabaseSetupException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An embedded PostgreSQL 17 for local runs, on a data directory that survives restarts. Test
 * classpath only: the production jar and image carry no PostgreSQL binaries.
 *
 * @param dataDirectory where the server keeps its data; created if missing, never cleaned
 * @param port          its TCP port on localhost; fixed, so that a client tool finds it again
 */
record LocalPostgres(Path dataDirectory, int port) {

    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";

    /** Spring arguments that point the datasource at {@code postgres}. */
    static String[] datasourceArguments(EmbeddedPostgres postgres) {
        return new String[] {
            "--spring.datasource.url=" + postgres.getJdbcUrl(USER, DATABASE),
            "--spring.datasource.username=" + USER,
            "--spring.datasource.password="
        };
    }

    /**
     * The settings {@code coupons.local-database.data-directory} (default {@code ./data/postgres}) and
     * {@code coupons.local-database.port} (default 54329), as JVM system properties or as the
     * environment variables {@code COUPONS_LOCAL_DATABASE_DATA_DIRECTORY} and {@code _PORT}.
     */
    static LocalPostgres fromSettings() {
        return new LocalPostgres(
                Path.of(setting("coupons.local-database.data-directory").orElse("./data/postgres")),
                Integer.parseInt(setting("coupons.local-database.port").orElse("54329")));
    }

    private static Optional<String> setting(String name) {
        return Optional.ofNullable(System.getProperty(name))
                .or(() -> Optional.ofNullable(
                        System.getenv(name.toUpperCase().replace('.', '_').replace('-', '_'))));
    }

    /**
     * Starts the server; closing it stops it, and so does the library's JVM shutdown hook.
     *
     * @return the running server; {@code getJdbcUrl(USER, DATABASE)} reaches it without a password
     * @throws DatabaseSetupException when it cannot start (port taken, data directory unusable)
     */
    EmbeddedPostgres start() {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
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
                    "Could not start the local PostgreSQL on port " + port + " with data in " + directory + ": "
                            + rootMessage(e),
                    "Free port " + port + " (or choose another with COUPONS_LOCAL_DATABASE_PORT), "
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
}
