package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasurementTest {
    static Measurement m(String key, long count, long millis) {
        return BenchFixtures.m(key, count, millis);
    }

    @Test
    void rateIsCountOverWallTime() {
        assertThat(m("x", 20_000, 8_000).rate()).isEqualTo(2_500.0);
        assertThat(m("x", 20_000, 8_000).seconds()).isEqualTo(8.0);
        assertThat(m("x", 5, 0).rate()).isZero();
    }

    @Test
    void ratioIsUndefinedWithoutAPositiveReference() {
        assertThat(Ratio.of(2_500, 10_000)).isEqualTo(0.25);
        assertThat(Ratio.of(2_500, 0)).isNaN();
        assertThat(Ratio.of(2_500, Double.NaN)).isNaN();
        assertThat(Ratio.of(Double.NaN, 10)).isNaN();
    }

    @Test
    void ratioToAMissingOrInstantReferenceIsLeftOut() {
        Measurement pipeline = m(BenchReport.PIPELINE_NONE, 20_000, 8_000);
        assertThat(pipeline.withRatioTo("kafka_raw", "kafka raw", null).ratios()).isEmpty();
        assertThat(pipeline.withRatioTo("kafka_raw", "kafka raw", m("k", 20_000, 0)).ratios()).isEmpty();
        Measurement withRatio = pipeline.withRatioTo("kafka_raw", "kafka raw", m("k", 20_000, 100));
        assertThat(withRatio.ratio("kafka_raw")).isCloseTo(0.0125, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(withRatio.ratio("other")).isNull();
    }

    @Test
    void variantRowsAreComparedWithRawKafkaAndWithTheirOwnReferences() {
        List<BenchPlan.Variant> variants = List.of(
                new BenchPlan.Variant(BenchReport.PIPELINE_NONE, "none", "none", "", "none", null, List.of()),
                new BenchPlan.Variant("pipeline_full", "full", "s", "", "full", "S",
                        List.of(new BenchPlan.Reference("sink_raw", "sink raw", "sink_raw_8", "sink raw (8)"))));
        List<Measurement> rows = BenchReport.withRatios(List.of(
                m(BenchReport.KAFKA_RAW, 20_000, 200),
                m("sink_raw_8", 5_000, 1_000),
                m(BenchReport.PIPELINE_NONE, 20_000, 4_000),
                m("pipeline_full", 20_000, 5_000)), variants);
        Map<String, Measurement> byKey = BenchReport.byKey(rows);
        assertThat(byKey.get(BenchReport.KAFKA_RAW).ratios()).isEmpty();
        assertThat(byKey.get("sink_raw_8").ratios()).isEmpty();
        assertThat(byKey.get(BenchReport.PIPELINE_NONE).ratio("kafka_raw")).isEqualTo(0.05);
        assertThat(byKey.get(BenchReport.PIPELINE_NONE).ratio("sink_raw")).isNull();
        assertThat(byKey.get("pipeline_full").ratios()).extracting(Ratio::key).containsExactly("kafka_raw", "sink_raw");
        assertThat(byKey.get("pipeline_full").ratio("kafka_raw")).isEqualTo(0.04);
        assertThat(byKey.get("pipeline_full").ratio("sink_raw")).isEqualTo(0.8);
    }
}
