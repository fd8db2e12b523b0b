package io.fluxo.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    @Test
    void countersArePerPipelineAndByName() {
        PipelineMetrics a = PipelineMetrics.of("metrics-test-a");
        PipelineMetrics b = PipelineMetrics.of("metrics-test-b");
        a.add("history_items", 3);
        a.add("documents", 2);
        a.add("history_items", 4);
        b.add("fraud_alerts", 1);
        a.batchWritten(120);
        a.batchWritten(80);
        assertThat(a.snapshot()).containsExactly(java.util.Map.entry("history_items", 7L), java.util.Map.entry("documents", 2L));
        assertThat(a.get("fraud_alerts")).isZero();
        assertThat(b.get("fraud_alerts")).isEqualTo(1);
        assertThat(a.batches()).isEqualTo(2);
        assertThat(a.lastBatchMillis()).isEqualTo(80);
        assertThat(PipelineMetrics.of("metrics-test-a")).isSameAs(a);
    }
}
