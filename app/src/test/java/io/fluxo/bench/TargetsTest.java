package io.fluxo.bench;

import static io.fluxo.bench.MeasurementTest.m;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The goals every plan shares. */
class TargetsTest {
    static Freshness freshness(long expected, int measured, long p99) {
        return BenchFixtures.freshness(Duration.ofSeconds(1), expected, measured, 500, 900, p99);
    }

    @Test
    void sinksNoneIsComparedWithRawKafka() {
        Target met = Targets.sinksNoneVsKafka(BenchReport.byKey(List.of(
                m(BenchReport.KAFKA_RAW, 20_000, 1_000),        // 20,000/s
                m(BenchReport.PIPELINE_NONE, 20_000, 2_000))));  // 10,000/s = 50 %: met at the limit
        assertThat(met.met()).isTrue();
        assertThat(met.actual()).isEqualTo(0.5);
        assertThat(met.line()).isEqualTo("sinks none (steady) >= 25% of raw Kafka consume: 50.0% (needs >= 25.0%)");
        Target missed = Targets.sinksNoneVsKafka(BenchReport.byKey(List.of(
                m(BenchReport.KAFKA_RAW, 20_000, 100),
                m(BenchReport.PIPELINE_NONE, 20_000, 8_000))));
        assertThat(missed.status()).isEqualTo("NOT MET");
        assertThat(missed.line()).isEqualTo("sinks none (steady) >= 25% of raw Kafka consume: 1.3% (needs >= 25.0%)");
        assertThat(Targets.sinksNoneVsKafka(Map.of()).status()).isEqualTo("n/a");
    }

    @Test
    void freshnessP99IsAtMostTheWindowPlusOneSecond() {
        Target met = Targets.freshness(freshness(600, 600, 2_000), Duration.ofSeconds(1), "documents");
        assertThat(met.met()).isTrue();
        assertThat(met.required()).isEqualTo(2_000);
        assertThat(met.line()).isEqualTo("freshness p99 <= window + 1 s (at 200 events/s): 2,000 ms (needs <= 2,000 ms)");
        assertThat(Targets.freshness(freshness(600, 600, 8_586), Duration.ofSeconds(1), "documents").met()).isFalse();
    }

    @Test
    void whatNeverAppearedFailsFreshnessWhateverThePercentiles() {
        Target fresh = Targets.freshness(freshness(600, 590, 900), Duration.ofSeconds(15), "documents");
        assertThat(fresh.met()).isFalse();
        assertThat(fresh.line()).isEqualTo("freshness p99 <= window + 1 s (at 200 events/s): 900 ms (needs <= 16,000 ms); 10 of 600 documents"
                + " never appeared");
    }

    @Test
    void whatWasNotMeasuredIsNeitherMetNorMissed() {
        Target fresh = Targets.freshness(null, Duration.ofSeconds(15), "documents");
        assertThat(fresh.met()).isNull();
        assertThat(fresh.status()).isEqualTo("n/a");
        assertThat(fresh.line()).endsWith(": not measured");
    }
}
