package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import org.junit.jupiter.api.Test;

class ReceivablesOptionsTest {
    @Test
    void defaultsAreTheOriginalSystemsMix() {
        assertThat(ReceivablesOptions.defaults(100))
                .isEqualTo(new ReceivablesOptions(42, 100, 0.30, 0.20, 0, 0, 0));
        assertThat(ReceivablesOptions.defaults(100).unbounded()).isFalse();
        assertThat(ReceivablesOptions.continuous().unbounded()).isTrue();
        assertThat(ReceivablesOptions.defaults(Long.MAX_VALUE).unbounded()).isTrue();
    }

    @Test
    void ratesMustBeBetweenZeroAndOne() {
        ReceivablesOptions options = ReceivablesOptions.defaults(10);
        assertThatThrownBy(() -> options.withCancelRate(1.5)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --cancel-rate: 1.5 (must be between 0 and 1)");
        assertThatThrownBy(() -> options.withNegotiateRate(-0.1))
                .hasMessage("Invalid --negotiate-rate: -0.1 (must be between 0 and 1)");
        assertThatThrownBy(() -> options.withOverAllocationRate(2))
                .hasMessage("Invalid --over-allocation-rate: 2 (must be between 0 and 1)");
        assertThatThrownBy(() -> options.withOutOfOrderRate(Double.NaN))
                .hasMessage("Invalid --out-of-order-rate: NaN (must be between 0 and 1)");
        assertThatThrownBy(() -> options.withDuplicateRate(Double.POSITIVE_INFINITY))
                .hasMessage("Invalid --duplicate-rate: Infinity (must be between 0 and 1)");
        assertThat(options.withCancelRate(0).withNegotiateRate(1).cancelRate()).isZero();
    }

    @Test
    void theCliCountIsAtLeastOne() {
        assertThat(ReceivablesOptions.checkCount(1)).isEqualTo(1);
        assertThatThrownBy(() -> ReceivablesOptions.checkCount(0)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --count: 0 (must be at least 1)");
        assertThatThrownBy(() -> ReceivablesOptions.checkCount(-5))
                .hasMessage("Invalid --count: -5 (must be at least 1)");
        assertThatThrownBy(() -> ReceivablesOptions.defaults(-1))
                .hasMessage("Invalid --count: -1 (must be at least 1)");
    }
}
