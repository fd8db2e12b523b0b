package io.fluxo.pipeline.transactions;

import io.fluxo.banking.PayloadFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import org.junit.jupiter.api.Test;

class TransactionsOptionsTest {
    @Test
    void hasTheDocumentedDefaults() {
        TransactionsOptions o = TransactionsOptions.defaults(100);
        assertThat(o).isEqualTo(new TransactionsOptions(42, 100, 0.02, PayloadFormat.JSON, 1000, 42));
        assertThat(o.unbounded()).isFalse();
        assertThat(TransactionsOptions.continuous().unbounded()).isTrue();
        assertThat(o.withSeed(7).withCount(5).withFraudRate(0.5).withFormat(PayloadFormat.AVRO).withUsers(10)
                .withUsersSeed(9)).isEqualTo(new TransactionsOptions(7, 5, 0.5, PayloadFormat.AVRO, 10, 9));
    }

    @Test
    void namesTheFlagOfABadValue() {
        assertThatThrownBy(() -> TransactionsOptions.defaults(-1)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --count: -1 (must be at least 1)");
        assertThatThrownBy(() -> TransactionsOptions.defaults(1).withFraudRate(1.5)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --fraud-rate: 1.5 (must be between 0 and 1)");
        assertThatThrownBy(() -> TransactionsOptions.defaults(1).withFraudRate(Double.NaN)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --fraud-rate: NaN (must be between 0 and 1)");
        assertThatThrownBy(() -> TransactionsOptions.defaults(1).withUsers(1)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --users: 1 (must be between 2 and 999999, the --count given to fluxo seed users)");
        assertThatThrownBy(() -> TransactionsOptions.defaults(1).withDuplicateRate(1)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --duplicate-rate: 1 (must be at least 0 and below 1)");
        assertThatThrownBy(() -> TransactionsOptions.defaults(1).withInvalidRate(-0.1)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --invalid-rate: -0.1 (must be at least 0 and below 1)");
        assertThatThrownBy(() -> TransactionsOptions.defaults(1).withDuplicateRate(0.6).withInvalidRate(0.4))
                .isInstanceOf(UserException.class).hasMessage("Invalid --duplicate-rate 0.6 with --invalid-rate 0.4:"
                        + " together they must stay below 1, or no transaction is left to send");
        assertThat(TransactionsOptions.defaults(1).withDuplicateRate(0.05).withInvalidRate(0.02)).isEqualTo(
                new TransactionsOptions(42, 1, 0.02, PayloadFormat.JSON, 1000, 42, 0.05, 0.02));
        assertThatThrownBy(() -> TransactionsOptions.parseFormat("xml")).isInstanceOf(UserException.class)
                .hasMessage("Invalid --format: xml (use json or avro)");
        assertThat(TransactionsOptions.parseFormat("Avro")).isEqualTo(PayloadFormat.AVRO);
    }
}
