package io.fluxo.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.pipeline.PipelineMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class FluxoMetricsTest {
    private static String text(FluxoMetrics metrics) {
        return new String(MetricsServer.text(metrics.collect()), StandardCharsets.UTF_8);
    }

    private static ProgressReading batch(String query, long rows, long late, long lag) {
        return new ProgressReading(query, rows, 10.0, 20.5, 1500, OptionalDouble.of(1_700_000_000.25),
                List.of(new ProgressReading.StateOperator("stateStoreSave", 40 + rows, late)), Map.of("mt.in", lag));
    }

    @Test
    void exportsEachQueryUnderItsPipelineAndAddsUpTheTotals() {
        FluxoMetrics metrics = new FluxoMetrics(List.of("mt", "mt-x"));
        metrics.started("mt-bronze");
        metrics.progress(batch("mt-bronze", 100, 2, 30));
        metrics.progress(batch("mt-bronze", 50, 1, 5));

        assertThat(PrometheusText.samples(text(metrics))).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("fluxo_query_up{pipeline=\"mt\",query=\"mt-bronze\"}", 1.0),
                Map.entry("fluxo_query_input_rows_total{pipeline=\"mt\",query=\"mt-bronze\"}", 150.0),
                Map.entry("fluxo_query_input_rows_per_second{pipeline=\"mt\",query=\"mt-bronze\"}", 10.0),
                Map.entry("fluxo_query_processed_rows_per_second{pipeline=\"mt\",query=\"mt-bronze\"}", 20.5),
                Map.entry("fluxo_query_batch_duration_seconds{pipeline=\"mt\",query=\"mt-bronze\"}", 1.5),
                Map.entry("fluxo_query_watermark_seconds{pipeline=\"mt\",query=\"mt-bronze\"}", 1.70000000025E9),
                Map.entry("fluxo_query_state_rows{operator=\"stateStoreSave\",pipeline=\"mt\",query=\"mt-bronze\"}", 90.0),
                Map.entry("fluxo_query_late_rows_total{operator=\"stateStoreSave\",pipeline=\"mt\",query=\"mt-bronze\"}", 3.0),
                Map.entry("fluxo_consumer_lag_records{pipeline=\"mt\",query=\"mt-bronze\",topic=\"mt.in\"}", 5.0),
                Map.entry("fluxo_batches_written_total{pipeline=\"mt\"}", 0.0),
                Map.entry("fluxo_batches_written_total{pipeline=\"mt-x\"}", 0.0)));
    }

    @Test
    void declaresCountersAndGaugesByPrometheusConventions() {
        FluxoMetrics metrics = new FluxoMetrics(List.of("mtypes"));
        metrics.progress(batch("mtypes", 1, 0, 0));

        assertThat(PrometheusText.types(text(metrics))).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("fluxo_batches_written_total", "counter"),
                Map.entry("fluxo_consumer_lag_records", "gauge"),
                Map.entry("fluxo_query_batch_duration_seconds", "gauge"),
                Map.entry("fluxo_query_input_rows_per_second", "gauge"),
                Map.entry("fluxo_query_input_rows_total", "counter"),
                Map.entry("fluxo_query_late_rows_total", "counter"),
                Map.entry("fluxo_query_processed_rows_per_second", "gauge"),
                Map.entry("fluxo_query_state_rows", "gauge"),
                Map.entry("fluxo_query_up", "gauge"),
                Map.entry("fluxo_query_watermark_seconds", "gauge")));
    }

    @Test
    void exportsEveryPipelineCounterReadAtScrapeTime() {
        FluxoMetrics metrics = new FluxoMetrics(List.of("mcount"));
        PipelineMetrics pipeline = PipelineMetrics.of("mcount");
        pipeline.add(PipelineMetrics.DEAD_LETTERS, 4);
        pipeline.add(PipelineMetrics.DATA_LOST_RECORDS, 2);
        pipeline.batchWritten(120);

        assertThat(PrometheusText.samples(text(metrics))).containsExactly(
                Map.entry("fluxo_batches_written_total{pipeline=\"mcount\"}", 1.0),
                Map.entry("fluxo_data_lost_records_total{pipeline=\"mcount\"}", 2.0),
                Map.entry("fluxo_dead_letters_total{pipeline=\"mcount\"}", 4.0));

        pipeline.add(PipelineMetrics.DEAD_LETTERS, 1);

        assertThat(PrometheusText.samples(text(metrics))).containsEntry("fluxo_dead_letters_total{pipeline=\"mcount\"}", 5.0);
    }

    @Test
    void aTerminatedQueryIsDownWithItsFailureKeptUntilItStartsAgain() {
        FluxoMetrics metrics = new FluxoMetrics(List.of("mdown"));
        metrics.started("mdown");
        metrics.progress(batch("mdown", 7, 0, 3));
        metrics.terminated("mdown", Optional.of("org.apache.kafka.common.errors.TimeoutException: no broker"));

        assertThat(PrometheusText.samples(text(metrics)))
                .containsEntry("fluxo_query_up{pipeline=\"mdown\",query=\"mdown\"}", 0.0)
                .containsEntry("fluxo_query_input_rows_total{pipeline=\"mdown\",query=\"mdown\"}", 7.0)
                .containsEntry("fluxo_query_processed_rows_per_second{pipeline=\"mdown\",query=\"mdown\"}", 0.0);
        assertThat(metrics.failure("mdown")).contains("org.apache.kafka.common.errors.TimeoutException: no broker");

        metrics.started("mdown");

        assertThat(PrometheusText.samples(text(metrics)))
                .containsEntry("fluxo_query_up{pipeline=\"mdown\",query=\"mdown\"}", 1.0)
                .containsEntry("fluxo_query_input_rows_total{pipeline=\"mdown\",query=\"mdown\"}", 7.0);
        assertThat(metrics.failure("mdown")).isEmpty();
    }

    @Test
    void aQueryWithoutAWatermarkHasNoWatermarkSample() {
        FluxoMetrics metrics = new FluxoMetrics(List.of("mnowm"));
        metrics.progress(new ProgressReading("mnowm", 3, 1, 1, 10, OptionalDouble.empty(), List.of(), Map.of()));

        assertThat(PrometheusText.samples(text(metrics)).keySet())
                .noneMatch(k -> k.startsWith("fluxo_query_watermark_seconds"))
                .noneMatch(k -> k.startsWith("fluxo_consumer_lag_records"));
    }

    @Test
    void tellsTheQueriesOfAPipelineByTheLongestPipelineName() {
        FluxoMetrics metrics = new FluxoMetrics(List.of("medallion", "med"));

        assertThat(metrics.pipelineOf("medallion-bronze")).isEqualTo("medallion");
        assertThat(metrics.pipelineOf("med")).isEqualTo("med");
        assertThat(metrics.pipelineOf("medallionx")).isEqualTo("medallionx");
        assertThat(metrics.pipelineOf("other")).isEqualTo("other");
    }
}
