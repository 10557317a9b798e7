package io.flashsale.coupons.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The events' defaults are written once, in {@link EventProperties}; README's table mirrors them. */
class EventPropertiesTest {

    private final EventProperties defaults =
            new Binder(new MapConfigurationPropertySource()).bindOrCreate("coupons.events", EventProperties.class);

    @Test
    void givenNothingConfigured_binding_yieldsEventsOffAndARelayThatGivesWayToClaims() {
        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.relaySettings().quietPeriod())
                .isEqualTo(defaults.quietPeriod())
                .isPositive();
        assertThat(defaults.relaySettings().maxDeferral())
                .isEqualTo(defaults.maxDeferral())
                .isPositive();
    }

    @Test
    void givenTheDefaults_readme_listsEachOfThemAsBound() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));

        assertThat(readme)
                .contains(
                        "| `enabled` | `" + defaults.enabled() + "` (compose: `true`) |",
                        row("exchange", "`" + defaults.exchange() + "`"),
                        row("batch-size", defaults.batchSize()),
                        row("poll-interval", text(defaults.pollInterval())),
                        row("lock-retry-interval", text(defaults.lockRetryInterval())),
                        row("broker-retry-delay", text(defaults.brokerRetryDelay())),
                        row("confirm-timeout", text(defaults.confirmTimeout())),
                        row("lag-refresh", text(defaults.lagRefresh())),
                        row("quiet-period", text(defaults.quietPeriod())),
                        row("max-deferral", text(defaults.maxDeferral())));
    }

    private static String row(String property, Object value) {
        return "| `" + property + "` | " + value + " |";
    }

    private static String text(Duration duration) {
        return duration.toMillis() % 1_000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
