package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    static final BenchPlan.Flag AT_LEAST = new BenchPlan.Flag("--items", "N", "Items.", "items", 500, 100,
            Integer.MAX_VALUE, null);
    static final BenchPlan.Flag BETWEEN = new BenchPlan.Flag("--users", "U", "Users.", "users", 1000, 2, 999_999, "users");

    static BenchOptions options(long events, long freshnessEvents, double rate, Duration window) {
        return new BenchOptions(events, freshnessEvents, rate, window, 42, null, false, true, true, true, Map.of());
    }

    static BenchOptions steps(boolean sinks, boolean pipelines, boolean freshness) {
        return new BenchOptions(1, 1, 1, Duration.ofSeconds(1), 42, null, false, sinks, pipelines, freshness, Map.of());
    }

    @Test
    void badValuesAreOneLineUserErrorsNamingTheFlag() {
        assertThatThrownBy(() -> options(0, 1, 1, Duration.ofSeconds(1))).isInstanceOf(UserException.class)
                .hasMessage("Invalid --events: 0 (must be at least 1)");
        assertThatThrownBy(() -> options(1, -5, 1, Duration.ofSeconds(1))).isInstanceOf(UserException.class)
                .hasMessage("Invalid --freshness-events: -5 (must be at least 1)");
        assertThat(options(1, 1, BenchOptions.HALF_RATE, Duration.ofSeconds(1)).freshnessRate()).isZero();
        assertThatThrownBy(() -> options(1, 1, Double.NaN, Duration.ofSeconds(1))).isInstanceOf(UserException.class)
                .hasMessageStartingWith("Invalid --freshness-rate: NaN");
        assertThatThrownBy(() -> options(1, 1, -2, Duration.ofSeconds(5))).isInstanceOf(UserException.class)
                .hasMessage("Invalid --freshness-rate: -2.0 (events per second, must be positive)");
        assertThatThrownBy(() -> options(1, 1, 1, Duration.ofMillis(500))).isInstanceOf(UserException.class)
                .hasMessage("Invalid --window: 500ms (must be at least 1s)");
        assertThatThrownBy(() -> steps(false, false, false)).isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot bench: every step is skipped");
    }

    @Test
    void aPlansOptionIsCheckedAgainstItsRange() {
        assertThatThrownBy(() -> new BenchOptions(1, 1, 1, Duration.ofSeconds(1), 42, null, false, true, true, true,
                Map.of(AT_LEAST, 10L))).isInstanceOf(UserException.class)
                .hasMessage("Invalid --items: 10 (must be at least 100)");
        assertThatThrownBy(() -> BETWEEN.check(1)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --users: 1 (must be between 2 and 999999)");
        assertThatThrownBy(() -> BETWEEN.check(1_000_000)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --users: 1000000 (must be between 2 and 999999)");
        BenchOptions o = new BenchOptions(1, 1, 1, Duration.ofSeconds(1), 42, null, false, true, true, true,
                Map.of(BETWEEN, 2L));
        assertThat(o.flag(BETWEEN)).isEqualTo(2);
        assertThatThrownBy(() -> o.flag(AT_LEAST)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePreloadServesThePipelineRunsOnlyAndKafkaAlsoTheFreshnessRun() {
        assertThat(steps(true, true, true).preload()).isTrue();
        assertThat(steps(true, false, false).preload()).isFalse();
        assertThat(steps(true, false, false).kafka()).isFalse();
        assertThat(steps(false, false, true).preload()).isFalse();
        assertThat(steps(false, false, true).kafka()).isTrue();
    }
}
