package io.fluxo.sink.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class PostgresSinkRetryTest {

    @Test
    void connectionLossServerShutdownAndSerializationFailuresAreRetried() {
        assertThat(PostgresSink.isTransient(new SQLException("An I/O error occurred", "08006"))).isTrue();
        assertThat(PostgresSink.isTransient(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(PostgresSink.isTransient(new SQLException("could not serialize access", "40001"))).isTrue();
        assertThat(PostgresSink.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(PostgresSink.isTransient(new SQLException("too many connections", "53300"))).isTrue();
        // HikariCP's "Connection is not available, request timed out".
        assertThat(PostgresSink.isTransient(new SQLTransientConnectionException("pool timed out"))).isTrue();
    }

    @Test
    void aValueTheTableRefusesIsNotRetried() {
        assertThat(PostgresSink.isTransient(new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"))).isFalse();
        assertThat(PostgresSink.isTransient(new SQLException("numeric field overflow", "22003"))).isFalse();
        assertThat(PostgresSink.isTransient(new SQLException("timestamp out of range", "22008"))).isFalse();
        assertThat(PostgresSink.isTransient(new SQLException("relation \"transacoes\" does not exist", "42P01"))).isFalse();
        assertThat(PostgresSink.isTransient(new SQLException("no state"))).isFalse();
    }

    @Test
    void aRefusedValueIsAboutARowAMissingTableOrPermissionIsNot() {
        assertThat(PostgresSink.isRowRefusal(new SQLException("invalid byte sequence", "22021"))).isTrue();
        assertThat(PostgresSink.isRowRefusal(new SQLException("timestamp out of range", "22008"))).isTrue();
        assertThat(PostgresSink.isRowRefusal(new SQLException("numeric field overflow", "22003"))).isTrue();
        assertThat(PostgresSink.isRowRefusal(new SQLException("index row size 3000 exceeds btree maximum", "54000"))).isTrue();
        assertThat(PostgresSink.isRowRefusal(new SQLException("null value in column", "23502"))).isTrue();
        assertThat(PostgresSink.isRowRefusal(new SQLException("relation \"t\" does not exist", "42P01"))).isFalse();
        assertThat(PostgresSink.isRowRefusal(new SQLException("permission denied for table t", "42501"))).isFalse();
        assertThat(PostgresSink.isRowRefusal(new SQLException("deadlock detected", "40P01"))).isFalse();
        assertThat(PostgresSink.isRowRefusal(new SQLException("no state"))).isFalse();
    }
}
