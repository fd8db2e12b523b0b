package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionsBenchNamesTest {
    final TransactionsBenchNames names = new TransactionsBenchNames("20250304-050607-abcd");

    @Test
    void everyNameCarriesTheRunId() {
        assertThat(names.inputTopic(TransactionsBenchNames.LOAD)).isEqualTo("bench-20250304-050607-abcd-tx.transactions");
        assertThat(names.inputTopic(TransactionsBenchNames.FRESH))
                .isEqualTo("bench-20250304-050607-abcd-tx-fresh.transactions");
        assertThat(names.runTopics(TransactionsBenchNames.NONE).all()).containsExactly(
                "bench-20250304-050607-abcd-tx-none.ledger", "bench-20250304-050607-abcd-tx-none.dlq",
                "bench-20250304-050607-abcd-tx-none.alerts");
        assertThat(names.database()).isEqualTo("bench_20250304_050607_abcd");
        assertThat(names.scratchDatabase()).isEqualTo("bench_20250304_050607_abcd_raw");
        assertThat(TransactionsBenchNames.pass(TransactionsBenchNames.POSTGRES, 2)).isEqualTo("postgres-2");
        // 3 input topics; ledger, dead letters and alerts of the warm-up, the freshness run and 2 passes of 2 runs.
        assertThat(names.allTopics()).hasSize(3 + 3 * 6).doesNotHaveDuplicates()
                .allMatch(t -> t.startsWith("bench-20250304-050607-abcd-tx"))
                .contains("bench-20250304-050607-abcd-tx-none-2.ledger", "bench-20250304-050607-abcd-tx-postgres-1.dlq",
                        "bench-20250304-050607-abcd-tx-fresh.alerts", "bench-20250304-050607-abcd-tx-warmup.transactions");
        assertThatThrownBy(() -> new TransactionsBenchNames("Bad_Id")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overridesPointThePipelineAtTheRunsNames() {
        Map<String, String> o = names.overrides(TransactionsBenchNames.LOAD, TransactionsBenchNames.POSTGRES, "postgres",
                Path.of("/tmp/b/postgres"), Duration.ofSeconds(5), "jdbc:postgresql://localhost:5432/bench_x");
        assertThat(o).containsExactlyInAnyOrderEntriesOf(Map.of(
                "fluxo.transactions.topic", "bench-20250304-050607-abcd-tx.transactions",
                "fluxo.transactions.ledger-topic", "bench-20250304-050607-abcd-tx-postgres.ledger",
                "fluxo.transactions.dlq-topic", "bench-20250304-050607-abcd-tx-postgres.dlq",
                "fluxo.transactions.alerts-topic", "bench-20250304-050607-abcd-tx-postgres.alerts",
                "fluxo.transactions.sinks", "postgres",
                "fluxo.transactions.window", "5000ms",
                "fluxo.transactions.starting-offsets", "earliest",
                "fluxo.checkpoint-dir", "/tmp/b/postgres",
                "fluxo.postgres.url", "jdbc:postgresql://localhost:5432/bench_x"));
    }

    @Test
    void theDatabaseIsSwappedAndEverythingElseKept() {
        assertThat(TransactionsBenchNames.withDatabase("jdbc:postgresql://localhost:5432/fluxo", "bench_x"))
                .isEqualTo("jdbc:postgresql://localhost:5432/bench_x");
        assertThat(TransactionsBenchNames.withDatabase("jdbc:postgresql://db.example:6543/fluxo?ssl=true&sslmode=require",
                "bench_x")).isEqualTo("jdbc:postgresql://db.example:6543/bench_x?ssl=true&sslmode=require");
        assertThat(TransactionsBenchNames.withDatabase("jdbc:postgresql://h1:5432,h2:5433/fluxo?targetServerType=primary",
                "bench_x")).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/bench_x?targetServerType=primary");
        assertThat(TransactionsBenchNames.withDatabase("jdbc:postgresql://localhost", "bench_x"))
                .isEqualTo("jdbc:postgresql://localhost/bench_x");
        assertThat(TransactionsBenchNames.withDatabase("jdbc:postgresql://localhost?user=a", "bench_x"))
                .isEqualTo("jdbc:postgresql://localhost/bench_x?user=a");
        assertThat(TransactionsBenchNames.withDatabase("jdbc:postgresql://localhost:5432/fluxo", ""))
                .isEqualTo("jdbc:postgresql://localhost:5432/");
        assertThatThrownBy(() -> TransactionsBenchNames.withDatabase("jdbc:mysql://localhost/x", "bench_x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid PostgreSQL URL: jdbc:mysql://localhost/x (must start with jdbc:postgresql://)");
    }
}
