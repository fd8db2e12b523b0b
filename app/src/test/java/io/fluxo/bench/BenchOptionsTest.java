package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    static BenchOptions options(long events, long freshnessEvents, double rate, Duration window, int sinkItems) {
        return new BenchOptions(events, freshnessEvents, rate, window, sinkItems, 42, null, false, true, true, true);
    }

    @Test
    void badValuesAreOneLineUserErrorsNamingTheFlag() {
        assertThatThrownBy(() -> options(0, 1, 1, Duration.ofSeconds(1), 100)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --events: 0 (must be at least 1)");
        assertThatThrownBy(() -> options(1, -5, 1, Duration.ofSeconds(1), 100)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --freshness-events: -5 (must be at least 1)");
        assertThatThrownBy(() -> options(1, 1, 0, Duration.ofSeconds(1), 100)).isInstanceOf(UserException.class)
                .hasMessageStartingWith("Invalid --freshness-rate: 0.0");
        assertThatThrownBy(() -> options(1, 1, 1, Duration.ofMillis(500), 100)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --window: 500ms (must be at least 1s)");
        assertThatThrownBy(() -> options(1, 1, 1, Duration.ofSeconds(1), 10)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --sink-items: 10 (must be at least 100)");
        assertThatThrownBy(() -> new BenchOptions(1, 1, 1, Duration.ofSeconds(1), 100, 42, null, false, false, false, false))
                .isInstanceOf(UserException.class).hasMessageStartingWith("Cannot bench: every step is skipped");
    }

    @Test
    void thePreloadServesThePipelineRunsOnly() {
        assertThat(options(1, 1, 1, Duration.ofSeconds(1), 100).preload()).isTrue();
        assertThat(new BenchOptions(1, 1, 1, Duration.ofSeconds(1), 100, 42, null, false, true, false, false).preload())
                .isFalse();
    }
}
