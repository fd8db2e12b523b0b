package io.fluxo.bench;

import static io.fluxo.bench.MeasurementTest.m;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionsTargetsTest {
    static Freshness freshness(long transactions, int measured, long p99) {
        return new Freshness(Duration.ofSeconds(5), 200, 1_000, Duration.ofSeconds(5), transactions, measured, 100,
                Duration.ofMillis(200), new LatencySummary(measured, 100, 3_000, 5_000, p99, p99 + 10, 3_100));
    }

    static Map<String, Target> byKey(List<Target> targets) {
        return targets.stream().collect(java.util.stream.Collectors.toMap(Target::key, t -> t));
    }

    @Test
    void allMet() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(TransactionsBenchReport.KAFKA_RAW, 50_000, 1_000),          // 50,000/s
                m(TransactionsBenchReport.PIPELINE_NONE, 50_000, 2_000),      // 25,000/s = 50 % of Kafka: met at the limit
                m(TransactionsBenchReport.PIPELINE_POSTGRES, 50_000, 2_500))); // 20,000/s: met at the limit
        List<Target> targets = TransactionsTargets.evaluate(rows, freshness(1_000, 1_000, 6_000), Duration.ofSeconds(5));
        assertThat(targets).extracting(Target::key).containsExactly("end_to_end_rate", "sinks_none_vs_kafka_raw",
                "freshness_p99");
        assertThat(targets).extracting(Target::met).containsOnly(true);
        Map<String, Target> t = byKey(targets);
        assertThat(t.get("end_to_end_rate").line()).isEqualTo(
                "end-to-end into PostgreSQL >= 20,000 transactions/s: 20,000 events/s (needs >= 20,000 events/s)");
        assertThat(t.get("sinks_none_vs_kafka_raw").line())
                .isEqualTo("sinks none >= 50% of raw Kafka consume: 50.0% (needs >= 50.0%)");
        assertThat(t.get("freshness_p99").line()).isEqualTo("freshness p99 <= window + 1 s: 6,000 ms (needs <= 6,000 ms)");
    }

    @Test
    void missesAreReportedAndMissingRowsBlockFreshness() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(TransactionsBenchReport.KAFKA_RAW, 50_000, 1_000),
                m(TransactionsBenchReport.PIPELINE_NONE, 50_000, 2_001),
                m(TransactionsBenchReport.PIPELINE_POSTGRES, 50_000, 5_000)));   // 10,000/s
        Map<String, Target> t = byKey(TransactionsTargets.evaluate(rows, freshness(1_000, 990, 2_000), Duration.ofSeconds(5)));
        assertThat(t.get("end_to_end_rate").met()).isFalse();
        assertThat(t.get("end_to_end_rate").actual()).isEqualTo(10_000.0);
        assertThat(t.get("sinks_none_vs_kafka_raw").met()).isFalse();
        assertThat(t.get("freshness_p99").met()).isFalse();
        assertThat(t.get("freshness_p99").line()).isEqualTo(
                "freshness p99 <= window + 1 s: 2,000 ms (needs <= 6,000 ms); 10 of 1,000 transactions never appeared");
    }

    @Test
    void whatWasNotMeasuredIsNotApplicable() {
        List<Target> targets = TransactionsTargets.evaluate(Map.of(), null, Duration.ofSeconds(5));
        assertThat(targets).extracting(Target::status).containsOnly("n/a");
    }
}
