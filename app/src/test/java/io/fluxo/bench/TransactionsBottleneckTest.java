package io.fluxo.bench;

import static io.fluxo.bench.MeasurementTest.m;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionsBottleneckTest {
    @Test
    void postgresIsTheBottleneckWhenItsRawRateNeedsTheLongestForTheRows() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(TransactionsBenchReport.POSTGRES_RAW, 50_000, 2_500),                       // 20,000/s
                m(TransactionsBenchReport.PIPELINE_NONE, 50_000, 2_000),                      // 25,000/s
                m(TransactionsBenchReport.PIPELINE_POSTGRES, 50_000, 4_750)
                        .withDetails(Map.of("transactions", 50_000L))));
        Bottleneck b = TransactionsBottleneck.of(rows).orElseThrow();
        assertThat(b.component()).isEqualTo("PostgreSQL");
        assertThat(b.secondsByComponent()).containsExactly(Map.entry(Bottleneck.PIPELINE, 2.0),
                Map.entry(TransactionsBottleneck.POSTGRES, 2.5));
        assertThat(b.text()).isEqualTo("""
                bottleneck: PostgreSQL. Time each part needs for the end-to-end run's work at its own rate:
                  pipeline alone     2.0 s  50,000 events at 25,000/s (pipeline with sinks none)
                  PostgreSQL         2.5 s  50,000 rows at 20,000/s (raw COPY + upsert, 1 connection)
                  end-to-end         4.8 s (measured: the PostgreSQL sink added 2.8 s to sinks none)"""
                .replace("\n", System.lineSeparator()));
    }

    @Test
    void thePipelineItselfCanBeTheBottleneck() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(TransactionsBenchReport.POSTGRES_RAW, 50_000, 1_000),
                m(TransactionsBenchReport.PIPELINE_NONE, 50_000, 4_000)));
        Bottleneck b = TransactionsBottleneck.of(rows).orElseThrow();
        assertThat(b.component()).isEqualTo(Bottleneck.PIPELINE);
        assertThat(b.secondsByComponent()).containsExactly(Map.entry(Bottleneck.PIPELINE, 4.0),
                Map.entry(TransactionsBottleneck.POSTGRES, 1.0));
        assertThat(b.text()).doesNotContain("  end-to-end");
    }

    @Test
    void noPipelineRunNoBottleneck() {
        assertThat(TransactionsBottleneck.of(BenchReport.byKey(List.of(m(TransactionsBenchReport.POSTGRES_RAW, 5_000, 1_000)))))
                .isEmpty();
    }
}
