package io.flashsale.coupons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.config.DatabaseSetupException;
import io.flashsale.coupons.e2e.Api;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The local run on the test classpath, and the production application's refusal to start without a database. */
class LocalCouponsApplicationIT {

    @TempDir
    Path dataDirectory;

    @Test
    void givenNoUrl_productionStartup_failsNamingSpringDatasourceUrl() {
        assertThatThrownBy(() -> start().close())
                .isInstanceOf(DatabaseSetupException.class)
                .hasMessageContaining("SPRING_DATASOURCE_URL");
    }

    @Test
    void givenNoUrl_localStartup_runsOnEmbeddedPostgres() throws IOException {
        System.setProperty("coupons.local-database.port", String.valueOf(freePort()));
        // The launcher's server lives as long as this JVM, so its data stays out of the temporary directory;
        // a new one each run, or a run without `clean` finds the coupon of the last one.
        Path dataDirectory = Files.createTempDirectory(Path.of("target"), "local-postgres-it-");
        System.setProperty("coupons.local-database.data-directory", dataDirectory.toString());
        try (ConfigurableApplicationContext local = start(LocalCouponsApplication.withLocalDatabase(new String[0]))) {
            assertThat(local.getEnvironment().getProperty("spring.datasource.url"))
                    .contains("localhost");
            assertThat(api(local).createCoupon("LOCAL", 3).status()).isEqualTo(201);
        } finally {
            System.clearProperty("coupons.local-database.port");
            System.clearProperty("coupons.local-database.data-directory");
        }
    }

    @Test
    void givenLocalPostgres_restart_keepsEveryCoupon() throws IOException {
        LocalPostgres settings = new LocalPostgres(dataDirectory.resolve("postgres"), freePort());
        try (EmbeddedPostgres postgres = settings.start();
                ConfigurableApplicationContext first = start(LocalPostgres.datasourceArguments(postgres))) {
            assertThat(api(first).createCoupon("KEPT", 3).status()).isEqualTo(201);
            assertThat(api(first).claim("user_1", "KEPT").status()).isEqualTo(201);
        }
        try (EmbeddedPostgres postgres = settings.start();
                ConfigurableApplicationContext second = start(LocalPostgres.datasourceArguments(postgres))) {
            assertThat(api(second).details("KEPT").json().toString())
                    .isEqualTo("{\"name\":\"KEPT\",\"amount\":3,\"remaining_amount\":2,\"claimed_by\":[\"user_1\"]}");
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--server.port=0";
        System.arraycopy(args, 0, all, 1, args.length);
        return new SpringApplicationBuilder(CouponsApplication.class)
                .registerShutdownHook(false)
                .run(all);
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
