package io.fluxo.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.streaming.SinkProgress;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryProgressEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryStartedEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryTerminatedEvent;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;
import scala.Option;

/** The listener fed Spark's own progress objects, so that the field names of progress.json() are Spark's. */
class FluxoMetricsListenerTest {
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID RUN = UUID.fromString("00000000-0000-0000-0000-0000000000b2");

    private static StreamingQueryProgress progress(String name, long rows, String end, String latest, long dropped) {
        StateOperatorProgress state = new StateOperatorProgress("stateStoreSave", 12, 3, 5, 0, 0, 1, 4096, dropped, 2, 2,
                Map.of());
        SourceProgress kafka = new SourceProgress("KafkaV2[Subscribe[mlisten.in]]", "{\"mlisten.in\":{\"0\":0,\"1\":0}}",
                end, latest, rows, 25.0, 50.0, Map.of());
        return new StreamingQueryProgress(ID, RUN, name, "2026-12-04T10:00:05.000Z", 3, 2000,
                Map.of("triggerExecution", 2000L), Map.of("watermark", "2026-12-04T10:00:00.000Z"),
                new StateOperatorProgress[] {state}, new SourceProgress[] {kafka}, new SinkProgress("ForeachBatchSink"),
                Map.of());
    }

    private static Map<String, Double> samples(FluxoMetrics metrics) {
        return PrometheusText.samples(new String(MetricsServer.text(metrics.collect()), StandardCharsets.UTF_8));
    }

    @Test
    void recordsEachProgressOfAQueryUnderItsPipeline() {
        FluxoMetrics metrics = new FluxoMetrics(List.of("mlisten"));
        FluxoMetricsListener listener = new FluxoMetricsListener(metrics);

        listener.onQueryStarted(new QueryStartedEvent(ID, RUN, "mlisten", "2026-12-04T10:00:00.000Z"));
        listener.onQueryProgress(new QueryProgressEvent(progress("mlisten", 80, "{\"mlisten.in\":{\"0\":40,\"1\":40}}",
                "{\"mlisten.in\":{\"0\":100,\"1\":45}}", 2)));
        listener.onQueryProgress(new QueryProgressEvent(progress("mlisten", 20, "{\"mlisten.in\":{\"0\":50,\"1\":50}}",
                "{\"mlisten.in\":{\"0\":100,\"1\":50}}", 1)));

        String q = "{pipeline=\"mlisten\",query=\"mlisten\"}";
        String op = "{operator=\"stateStoreSave\",pipeline=\"mlisten\",query=\"mlisten\"}";
        assertThat(samples(metrics)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("fluxo_query_up" + q, 1.0),
                Map.entry("fluxo_query_input_rows_total" + q, 100.0),
                Map.entry("fluxo_query_input_rows_per_second" + q, 25.0),
                Map.entry("fluxo_query_processed_rows_per_second" + q, 50.0),
                Map.entry("fluxo_query_batch_duration_seconds" + q, 2.0),
                Map.entry("fluxo_query_watermark_seconds" + q, 1_796_378_400.0),
                Map.entry("fluxo_query_state_rows" + op, 12.0),
                Map.entry("fluxo_query_late_rows_total" + op, 3.0),
                Map.entry("fluxo_consumer_lag_records{pipeline=\"mlisten\",query=\"mlisten\",topic=\"mlisten.in\"}", 50.0),
                Map.entry("fluxo_batches_written_total{pipeline=\"mlisten\"}", 0.0)));
    }

    @Test
    void aTerminatedQueryIsKnownByTheNameItStartedWith() {
        FluxoMetrics metrics = new FluxoMetrics(List.of("mlisten2"));
        FluxoMetricsListener listener = new FluxoMetricsListener(metrics);

        listener.onQueryStarted(new QueryStartedEvent(ID, RUN, "mlisten2-gold", "2026-12-04T10:00:00.000Z"));
        listener.onQueryTerminated(new QueryTerminatedEvent(ID, RUN, Option.apply("SinkException: PostgreSQL is down")));

        assertThat(samples(metrics)).containsEntry("fluxo_query_up{pipeline=\"mlisten2\",query=\"mlisten2-gold\"}", 0.0);
        assertThat(metrics.failure("mlisten2-gold")).contains("SinkException: PostgreSQL is down");
    }

    @Test
    void aQueryThatStoppedCleanlyHasNoFailure() {
        FluxoMetrics metrics = new FluxoMetrics(List.of("mlisten3"));
        FluxoMetricsListener listener = new FluxoMetricsListener(metrics);

        listener.onQueryStarted(new QueryStartedEvent(ID, RUN, "mlisten3", "2026-12-04T10:00:00.000Z"));
        listener.onQueryTerminated(new QueryTerminatedEvent(ID, RUN, Option.empty()));

        assertThat(samples(metrics)).containsEntry("fluxo_query_up{pipeline=\"mlisten3\",query=\"mlisten3\"}", 0.0);
        assertThat(metrics.failure("mlisten3")).isEmpty();
    }
}
