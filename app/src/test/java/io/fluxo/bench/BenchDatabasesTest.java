package io.fluxo.bench;

import io.fluxo.sink.RetryBudget;
import java.time.Duration;
import io.fluxo.sink.postgres.PostgresSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchDatabasesTest {
    @Test
    void theDatabaseIsSwappedAndEverythingElseKept() {
        assertThat(BenchDatabases.withDatabase("jdbc:postgresql://localhost:5432/fluxo", "bench_x"))
                .isEqualTo("jdbc:postgresql://localhost:5432/bench_x");
        assertThat(BenchDatabases.withDatabase("jdbc:postgresql://db.example:6543/fluxo?ssl=true&sslmode=require",
                "bench_x")).isEqualTo("jdbc:postgresql://db.example:6543/bench_x?ssl=true&sslmode=require");
        assertThat(BenchDatabases.withDatabase("jdbc:postgresql://h1:5432,h2:5433/fluxo?targetServerType=primary",
                "bench_x")).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/bench_x?targetServerType=primary");
        assertThat(BenchDatabases.withDatabase("jdbc:postgresql://localhost", "bench_x"))
                .isEqualTo("jdbc:postgresql://localhost/bench_x");
        assertThat(BenchDatabases.withDatabase("jdbc:postgresql://localhost?user=a", "bench_x"))
                .isEqualTo("jdbc:postgresql://localhost/bench_x?user=a");
        assertThat(BenchDatabases.withDatabase("jdbc:postgresql://localhost:5432/fluxo", ""))
                .isEqualTo("jdbc:postgresql://localhost:5432/");
        assertThatThrownBy(() -> BenchDatabases.withDatabase("jdbc:mysql://localhost/x", "bench_x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid PostgreSQL URL: jdbc:mysql://localhost/x (must start with jdbc:postgresql://)");
    }

    @Test
    void anotherDatabaseOnTheSameServerKeepsUserAndPool() {
        PostgresSettings server = new PostgresSettings("jdbc:postgresql://localhost:5432/fluxo", "fluxo", "secret", 4,
                new RetryBudget(8, Duration.ofMinutes(2)));
        PostgresSettings bench = BenchDatabases.at(server, "bench_x");
        assertThat(bench.url()).isEqualTo("jdbc:postgresql://localhost:5432/bench_x");
        assertThat(bench.user()).isEqualTo("fluxo");
        assertThat(bench.password()).isEqualTo("secret");
        assertThat(bench.poolSize()).isEqualTo(4);
    }
}
