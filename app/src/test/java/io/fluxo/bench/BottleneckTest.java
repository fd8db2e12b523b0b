package io.fluxo.bench;

import static io.fluxo.bench.MeasurementTest.m;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BottleneckTest {
    @Test
    void theSlowestPartForTheEndToEndWorkIsTheBottleneck() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(BenchReport.DYNAMODB_1, 5_000, 2_000).withDetails(Map.of("writers", 1L)),
                m(BenchReport.DYNAMODB_8, 5_000, 1_000).withDetails(Map.of("writers", 8L)),   // 5,000/s
                m(BenchReport.OPENSEARCH_1, 5_000, 1_000).withDetails(Map.of("clients", 1L)),
                m(BenchReport.OPENSEARCH_2, 5_000, 500).withDetails(Map.of("clients", 2L)),   // 10,000/s
                m(BenchReport.PIPELINE_NONE, 20_000, 2_000),                                  // 10,000/s
                m(BenchReport.PIPELINE_OPENSEARCH, 20_000, 3_500),
                m(BenchReport.PIPELINE_FULL, 20_000, 8_000)
                        .withDetails(Map.of("history_items", 20_000L, "documents", 12_000L))));
        Bottleneck b = Bottleneck.of(rows).orElseThrow();
        assertThat(b.component()).isEqualTo(Bottleneck.DYNAMODB);
        assertThat(b.secondsByComponent()).containsExactly(Map.entry(Bottleneck.PIPELINE, 2.0),
                Map.entry(Bottleneck.DYNAMODB, 4.0), Map.entry(Bottleneck.OPENSEARCH, 1.2));
        assertThat(b.text()).startsWith("bottleneck: DynamoDB.")
                .contains("20,000 history items at 5,000/s (raw BatchWriteItem, 8 writers)")
                .contains("12,000 documents at 10,000/s (raw bulk, 2 clients)")
                .contains("the OpenSearch sink added 1.5 s to sinks none, the DynamoDB sink 4.5 s more");
    }

    @Test
    void thePipelineItselfCanBeTheBottleneck() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(BenchReport.DYNAMODB_8, 5_000, 1_000).withDetails(Map.of("writers", 8L)),
                m(BenchReport.PIPELINE_NONE, 20_000, 7_000)));
        Bottleneck b = Bottleneck.of(rows).orElseThrow();
        assertThat(b.component()).isEqualTo(Bottleneck.PIPELINE);
        assertThat(b.secondsByComponent()).containsOnlyKeys(Bottleneck.PIPELINE, Bottleneck.DYNAMODB);
    }

    @Test
    void aDifferenceLostInTheNoiseIsZeroNotMinusZero() {
        assertThat(Bottleneck.tenths(-0.03)).isEqualTo("0.0");
        assertThat(Bottleneck.tenths(-0.26)).isEqualTo("-0.3");
        assertThat(Bottleneck.tenths(4.55)).isEqualTo("4.6");
    }

    @Test
    void noPipelineRunNoBottleneck() {
        assertThat(Bottleneck.of(BenchReport.byKey(List.of(m(BenchReport.DYNAMODB_8, 5_000, 1_000))))).isEmpty();
    }
}
