package io.fluxo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationArgTest {
    @Test
    void parsesTheUsualUnits() {
        assertThat(DurationArg.parse("--timeout", "60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(DurationArg.parse("--timeout", "45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(DurationArg.parse("--timeout", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationArg.parse("--timeout", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationArg.parse("--timeout", "1H")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationArg.parse("--timeout", "0")).isZero();
    }

    @Test
    void rejectsWhatItCannotRead() {
        for (String bad : new String[] {"", "-1s", "1.5s", "soon", "10d", "s"}) {
            assertThatThrownBy(() -> DurationArg.parse("--timeout", bad)).isInstanceOf(UserException.class)
                    .hasMessage("Invalid --timeout: " + bad + " (use e.g. 500ms, 30s, 2m or 1h)");
        }
    }
}
