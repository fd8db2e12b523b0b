package io.fluxo.bench;

import static io.fluxo.bench.MeasurementTest.m;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {
    static Freshness freshness(long receivables, int measured, long p99) {
        return new Freshness(Duration.ofSeconds(1), 200, 1_000, Duration.ofSeconds(5), receivables, measured, 100,
                Duration.ofMillis(200), new LatencySummary(measured, 100, 500, 900, p99, p99 + 10, 600));
    }

    static Map<String, Target> byKey(List<Target> targets) {
        return targets.stream().collect(java.util.stream.Collectors.toMap(Target::key, t -> t));
    }

    @Test
    void allMet() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(BenchReport.KAFKA_RAW, 20_000, 1_000),          // 20,000/s
                m(BenchReport.DYNAMODB_8, 5_000, 1_000),          // 5,000/s
                m(BenchReport.PIPELINE_NONE, 20_000, 2_000),      // 10,000/s = 50 % of Kafka: met at the limit
                m(BenchReport.PIPELINE_OPENSEARCH, 20_000, 1_900), // 10,526/s
                m(BenchReport.PIPELINE_FULL, 20_000, 4_400)));    // 4,545/s = 90.9 % of DynamoDB
        Map<String, Target> t = byKey(Targets.evaluate(rows, freshness(600, 600, 2_000), Duration.ofSeconds(1)));
        assertThat(t.values()).extracting(Target::met).containsOnly(true);
        assertThat(t.get("sinks_none_vs_kafka_raw").actual()).isEqualTo(0.5);
        assertThat(t.get("freshness_p99").required()).isEqualTo(2_000);
        assertThat(t.get("end_to_end_vs_dynamodb_raw").line())
                .isEqualTo("end-to-end >= 90% of DynamoDB raw rate (8 writers): 90.9% (needs >= 90.0%)");
        assertThat(t.get("opensearch_only_rate").line())
                .isEqualTo("opensearch only (DynamoDB sink off) >= 10,000 events/s: 10,526 events/s (needs >= 10,000 events/s)");
        assertThat(t.get("freshness_p99").line()).isEqualTo("freshness p99 <= window + 1 s: 2,000 ms (needs <= 2,000 ms)");
    }

    @Test
    void missesAreReportedWithTheirNumbers() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(BenchReport.KAFKA_RAW, 20_000, 100),
                m(BenchReport.DYNAMODB_8, 5_000, 1_000),
                m(BenchReport.PIPELINE_NONE, 20_000, 8_000),
                m(BenchReport.PIPELINE_OPENSEARCH, 20_000, 8_000),
                m(BenchReport.PIPELINE_FULL, 20_000, 10_000)));
        Map<String, Target> t = byKey(Targets.evaluate(rows, freshness(600, 600, 8_586), Duration.ofSeconds(1)));
        assertThat(t.values()).extracting(Target::met).containsOnly(false);
        assertThat(t.get("sinks_none_vs_kafka_raw").status()).isEqualTo("NOT MET");
        assertThat(t.get("sinks_none_vs_kafka_raw").line())
                .isEqualTo("sinks none >= 50% of raw Kafka consume: 1.3% (needs >= 50.0%)");
    }

    @Test
    void missingDocumentsFailFreshnessWhateverThePercentiles() {
        Target fresh = byKey(Targets.evaluate(Map.of(), freshness(600, 590, 900), Duration.ofSeconds(15)))
                .get("freshness_p99");
        assertThat(fresh.met()).isFalse();
        assertThat(fresh.line()).isEqualTo("freshness p99 <= window + 1 s: 900 ms (needs <= 16,000 ms); 10 of 600 documents"
                + " never appeared");
    }

    @Test
    void whatWasNotMeasuredIsNeitherMetNorMissed() {
        List<Target> targets = Targets.evaluate(Map.of(), null, Duration.ofSeconds(15));
        assertThat(targets).hasSize(4).extracting(Target::met).containsOnlyNulls();
        assertThat(targets).extracting(Target::status).containsOnly("n/a");
        assertThat(targets.get(0).line()).endsWith(": not measured");
    }
}
