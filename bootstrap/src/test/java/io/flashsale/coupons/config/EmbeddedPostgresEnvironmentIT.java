package io.flashsale.coupons.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashsale.coupons.CouponsApplication;
import io.flashsale.coupons.e2e.Api;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The no-Docker local run: the embedded PostgreSQL fallback and the refusal to start without any database. */
class EmbeddedPostgresEnvironmentIT {

    @TempDir
    Path dataDirectory;

    @Test
    void givenNoUrlAndEmbeddedDatabaseDisabled_startup_failsNamingSpringDatasourceUrl() {
        assertThatThrownBy(() -> start("--coupons.embedded-database.enabled=false").close())
                .isInstanceOf(DatabaseSetupException.class)
                .hasMessageContaining("SPRING_DATASOURCE_URL");
    }

    @Test
    void givenNoUrl_startup_runsOnEmbeddedPostgresAndKeepsDataAcrossRestarts() throws IOException {
        String postgresPort = "--coupons.embedded-database.port=" + freePort();
        String directory = "--coupons.embedded-database.data-directory=" + dataDirectory.resolve("postgres");

        try (ConfigurableApplicationContext first = start(postgresPort, directory)) {
            assertThat(first.getEnvironment().getProperty("spring.datasource.url")).contains("localhost");
            assertThat(api(first).createCoupon("KEPT", 3).status()).isEqualTo(201);
            assertThat(api(first).claim("user_1", "KEPT").status()).isEqualTo(201);
        }
        try (ConfigurableApplicationContext second = start(postgresPort, directory)) {
            assertThat(api(second).details("KEPT").json().toString())
                    .isEqualTo("{\"name\":\"KEPT\",\"amount\":3,\"remaining_amount\":2,\"claimed_by\":[\"user_1\"]}");
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--server.port=0";
        System.arraycopy(args, 0, all, 1, args.length);
        return new SpringApplicationBuilder(CouponsApplication.class).registerShutdownHook(false).run(all);
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
