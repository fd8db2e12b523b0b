package io.fluxo.bench;

import static io.fluxo.bench.MeasurementTest.m;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BottleneckTest {
    static final List<BenchPlan.Variant> VARIANTS = List.of(
            new BenchPlan.Variant(BenchReport.PIPELINE_NONE, "none", "none", "", "none", null, List.of()),
            new BenchPlan.Variant("pipeline_a", "a", "a", "", "a", "A", List.of()),
            new BenchPlan.Variant("pipeline_ab", "a + b", "a,b", "", "ab", "B", List.of()));

    /** Sink A writes as many items as events, at 5,000/s. */
    static List<Bottleneck.Part> sinkA(long events) {
        return List.of(new Bottleneck.Part("A", events / 5_000.0, events + " items"));
    }

    @Test
    void theSlowestPartForTheEndToEndWorkIsTheBottleneck() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(BenchReport.PIPELINE_NONE, 20_000, 2_000),   // 10,000/s: 2 s for 20,000 events
                m("pipeline_a", 20_000, 3_500),
                m("pipeline_ab", 20_000, 8_000)));
        Bottleneck b = Bottleneck.of(rows, VARIANTS, BottleneckTest::sinkA).orElseThrow();
        assertThat(b.component()).isEqualTo("A");
        assertThat(b.secondsByComponent()).containsExactly(Map.entry(Bottleneck.PIPELINE, 2.0), Map.entry("A", 4.0));
        assertThat(b.text()).isEqualTo("""
                bottleneck: A. Time each part needs for the end-to-end run's work at its own rate:
                  pipeline alone     2.0 s  20,000 events at 10,000/s (pipeline with sinks none)
                  A                  4.0 s  20000 items
                  end-to-end         8.0 s (measured: the A sink added 1.5 s to sinks none, the B sink 4.5 s more)"""
                .replace("\n", System.lineSeparator()));
    }

    @Test
    void withoutEveryVariantNothingIsSaidOfWhatEachSinkAdded() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(BenchReport.PIPELINE_NONE, 20_000, 7_000),
                m("pipeline_ab", 20_000, 8_000)));
        Bottleneck b = Bottleneck.of(rows, VARIANTS, BottleneckTest::sinkA).orElseThrow();
        assertThat(b.component()).isEqualTo(Bottleneck.PIPELINE);
        assertThat(b.text()).endsWith("end-to-end         8.0 s");
    }

    @Test
    void withoutTheEndToEndRunTheFirstRunMeasuredSetsTheWork() {
        List<Long> asked = new ArrayList<>();
        Map<String, Measurement> rows = BenchReport.byKey(List.of(m("pipeline_a", 30_000, 3_000)));
        Bottleneck b = Bottleneck.of(rows, VARIANTS, events -> {
            asked.add(events);
            return sinkA(events);
        }).orElseThrow();
        assertThat(asked).containsExactly(30_000L);
        assertThat(b.secondsByComponent()).containsExactly(Map.entry("A", 6.0));
        assertThat(b.text()).doesNotContain("  end-to-end");
    }

    @Test
    void noPipelineRunNoBottleneck() {
        assertThat(Bottleneck.of(BenchReport.byKey(List.of(m("sink_raw", 5_000, 1_000))), VARIANTS,
                BottleneckTest::sinkA)).isEmpty();
        assertThat(Bottleneck.of(BenchReport.byKey(List.of(m("pipeline_a", 5_000, 1_000))), VARIANTS,
                events -> List.of())).isEmpty();
    }

    @Test
    void aDifferenceLostInTheNoiseIsZeroNotMinusZero() {
        assertThat(Bottleneck.tenths(-0.03)).isEqualTo("0.0");
        assertThat(Bottleneck.tenths(-0.26)).isEqualTo("-0.3");
        assertThat(Bottleneck.tenths(4.55)).isEqualTo("4.6");
    }

    @Test
    void theFasterOfTwoMeasurementsOfOneSink() {
        Measurement slow = m("one", 5_000, 2_000);
        Measurement fast = m("eight", 5_000, 1_000);
        assertThat(Bottleneck.faster(slow, fast)).isSameAs(fast);
        assertThat(Bottleneck.faster(fast, slow)).isSameAs(fast);
        assertThat(Bottleneck.faster(null, slow)).isSameAs(slow);
        assertThat(Bottleneck.faster(null, null)).isNull();
    }
}
