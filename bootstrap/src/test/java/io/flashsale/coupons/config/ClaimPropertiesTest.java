package io.flashsale.coupons.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The claim path's defaults are written once, in {@link ClaimProperties}; README's table mirrors them. */
class ClaimPropertiesTest {

    private final ClaimProperties defaults =
            new Binder(new MapConfigurationPropertySource()).bindOrCreate("coupons.claims", ClaimProperties.class);

    @Test
    void givenNothingConfigured_binding_yieldsUsableSettings() {
        assertThat(defaults.strategy()).isEqualTo(ClaimProperties.Strategy.COALESCED);
        assertThat(defaults.laneSettings().retryAfter()).isEqualTo(defaults.retryAfter());
        assertThat(defaults.retryPolicy().maxAttempts())
                .isEqualTo(defaults.retry().maxAttempts());
    }

    @Test
    void givenTheDefaults_readme_listsEachOfThemAsBound() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));

        assertThat(readme)
                .contains(
                        row("strategy", defaults.strategy().name().toLowerCase(Locale.ROOT)),
                        row("max-batch-size", defaults.maxBatchSize()),
                        row("max-queue-length", defaults.maxQueueLength()),
                        row("deadline", text(defaults.deadline())),
                        row("retry-after", text(defaults.retryAfter())),
                        row("sold-out-holders-in-memory", defaults.soldOutHoldersInMemory()),
                        row("retry.max-attempts", defaults.retry().maxAttempts()),
                        "| `retry.base-delay` / `retry.max-delay` | "
                                + text(defaults.retry().baseDelay()) + " / "
                                + text(defaults.retry().maxDelay()) + " |");
    }

    private static String row(String property, Object value) {
        return "| `" + property + "` | " + value + " |";
    }

    private static String text(Duration duration) {
        return duration.toMillis() % 1_000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
