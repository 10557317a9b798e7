package io.flashsale.coupons;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Arrays;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.util.StringUtils;

/**
 * Runs the service on this machine with nothing but a JDK: {@code ./mvnw spring-boot:test-run} from
 * the root. Without a {@code SPRING_DATASOURCE_URL}, it first starts an embedded PostgreSQL 17
 * ({@link LocalPostgres}: {@code localhost:54329}, data in {@code ./data/postgres}) and points the
 * service at it; with one, it runs the service on that database as the jar would.
 */
public final class LocalCouponsApplication {

    private static final Logger log = LoggerFactory.getLogger(LocalCouponsApplication.class);

    private LocalCouponsApplication() {}

    public static void main(String[] args) {
        SpringApplication.from(CouponsApplication::main).run(withLocalDatabase(args));
    }

    /** {@code args}, preceded by the settings of a started local PostgreSQL unless a datasource URL is given. */
    static String[] withLocalDatabase(String[] args) {
        boolean urlGiven = StringUtils.hasText(System.getenv("SPRING_DATASOURCE_URL"))
                || StringUtils.hasText(System.getProperty("spring.datasource.url"))
                || Arrays.stream(args).anyMatch(arg -> arg.startsWith("--spring.datasource.url="));
        if (urlGiven) {
            return args;
        }
        LocalPostgres settings = LocalPostgres.fromSettings();
        EmbeddedPostgres postgres = settings.start();
        log.warn(
                "No SPRING_DATASOURCE_URL set: running on a local embedded PostgreSQL 17 (local use only) at "
                        + "localhost:{}, data in {}",
                settings.port(),
                settings.dataDirectory().toAbsolutePath().normalize());
        return Stream.concat(Arrays.stream(LocalPostgres.datasourceArguments(postgres)), Arrays.stream(args))
                .toArray(String[]::new);
    }
}
