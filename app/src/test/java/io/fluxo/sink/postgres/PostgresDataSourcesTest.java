package io.fluxo.sink.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The reason in "Cannot connect to PostgreSQL at ...: <reason> (...)": one short line, the driver's words. */
class PostgresDataSourcesTest {
    @Test
    void keepsTheDriversFirstSentence() {
        assertThat(PostgresDataSources.reason(new SQLException("Connection to db:5432 refused. Check that the hostname"
                + " and port are correct and that the postmaster is accepting TCP/IP connections.", "08001",
                new ConnectException("Connection refused")))).isEqualTo("Connection to db:5432 refused");
        assertThat(PostgresDataSources.reason(new RuntimeException("Failed to initialize pool",
                new SQLException("FATAL: password authentication failed for user \"fluxo\""))))
                .isEqualTo("FATAL: password authentication failed for user \"fluxo\"");
    }

    @Test
    void addsTheCauseWhenTheDriverSaysLittle() {
        assertThat(PostgresDataSources.reason(new SQLException("The connection attempt failed.", "08001",
                new UnknownHostException("nosuchhost")))).isEqualTo("The connection attempt failed: unknown host nosuchhost");
        assertThat(PostgresDataSources.reason(new SQLException("The connection attempt failed.", "08001",
                new java.net.SocketTimeoutException("connect timed out"))))
                .isEqualTo("The connection attempt failed: connect timed out");
    }
}
