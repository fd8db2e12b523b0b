package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransactionsBenchOptionsTest {
    static TransactionsBenchOptions options(long events, long freshnessEvents, double rate, Duration window, int users) {
        return new TransactionsBenchOptions(events, freshnessEvents, rate, window, users, 42, null, false, true, true, true);
    }

    @Test
    void badValuesAreOneLineUserErrorsNamingTheFlag() {
        assertThatThrownBy(() -> options(0, 1, 1, Duration.ofSeconds(5), 1000)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --events: 0 (must be at least 1)");
        assertThatThrownBy(() -> options(1, 0, 1, Duration.ofSeconds(5), 1000)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --freshness-events: 0 (must be at least 1)");
        assertThatThrownBy(() -> options(1, 1, -2, Duration.ofSeconds(5), 1000)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --freshness-rate: -2.0 (events per second, must be positive)");
        assertThatThrownBy(() -> options(1, 1, 1, Duration.ofMillis(999), 1000)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --window: 999ms (must be at least 1s)");
        assertThatThrownBy(() -> options(1, 1, 1, Duration.ofSeconds(5), 1)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --users: 1 (must be between 2 and 999999)");
        assertThatThrownBy(() -> options(1, 1, 1, Duration.ofSeconds(5), 1_000_000)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --users: 1000000 (must be between 2 and 999999)");
        assertThatThrownBy(() -> new TransactionsBenchOptions(1, 1, 1, Duration.ofSeconds(5), 1000, 42, null, false, false,
                false, false)).isInstanceOf(UserException.class).hasMessageStartingWith("Cannot bench: every step is skipped");
    }

    @Test
    void theDatabaseServesThePipelineRunsAndThePreloadTheThroughputRuns() {
        TransactionsBenchOptions all = options(1, 1, 1, Duration.ofSeconds(5), 1000);
        assertThat(all.preload()).isTrue();
        assertThat(all.database()).isTrue();
        TransactionsBenchOptions sinksOnly = new TransactionsBenchOptions(1, 1, 1, Duration.ofSeconds(5), 1000, 42, null,
                false, true, false, false);
        assertThat(sinksOnly.preload()).isFalse();
        assertThat(sinksOnly.database()).isFalse();
        TransactionsBenchOptions freshnessOnly = new TransactionsBenchOptions(1, 1, 1, Duration.ofSeconds(5), 1000, 42,
                null, false, false, false, true);
        assertThat(freshnessOnly.preload()).isFalse();
        assertThat(freshnessOnly.database()).isTrue();
    }
}
