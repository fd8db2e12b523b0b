package io.fluxo.metrics;

import io.fluxo.pipeline.PipelineMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Fluxo's metrics in this process, for {@code /metrics}: what each streaming query reported last (fed by
 * {@link FluxoMetricsListener} on Spark's listener thread), and the counters of every pipeline's
 * {@link PipelineMetrics}, read when scraped. Each query's figures are one immutable value replaced at once, so a
 * scrape never waits for a batch and a batch never waits for a scrape.
 */
public final class FluxoMetrics implements MultiCollector {
    static final String PIPELINE = "pipeline";
    static final String QUERY = "query";
    /** Families of the queries; a pipeline counter of the same name is left out rather than mixed in. */
    private static final Set<String> QUERY_FAMILIES = Set.of("fluxo_query_up", "fluxo_query_input_rows",
            "fluxo_query_input_rows_per_second", "fluxo_query_processed_rows_per_second",
            "fluxo_query_batch_duration_seconds", "fluxo_query_watermark_seconds", "fluxo_query_state_rows",
            "fluxo_query_late_rows", "fluxo_consumer_lag_records", "fluxo_batches_written");

    private final List<String> pipelines;
    private final Map<String, QueryState> queries = new ConcurrentHashMap<>();

    /** @param pipelines the pipelines whose counters are exported, and by which query names are told apart */
    public FluxoMetrics(Collection<String> pipelines) {
        this.pipelines = pipelines.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /**
     * The figures of one query as last reported.
     *
     * @param failure why the query stopped, when it failed
     */
    record QueryState(String pipeline, boolean up, Optional<String> failure, long inputRows, double inputRowsPerSecond,
            double processedRowsPerSecond, long batchDurationMillis, OptionalDouble watermarkEpochSeconds,
            Map<String, Long> stateRows, Map<String, Long> lateRows, Map<String, Long> lagByTopic) {
        static QueryState started(String pipeline) {
            return new QueryState(pipeline, true, Optional.empty(), 0, 0, 0, 0, OptionalDouble.empty(), Map.of(),
                    Map.of(), Map.of());
        }

        QueryState next(ProgressReading p) {
            Map<String, Long> state = new LinkedHashMap<>();
            Map<String, Long> late = new LinkedHashMap<>(lateRows);
            for (ProgressReading.StateOperator op : p.stateOperators()) {
                state.put(op.name(), op.rows());
                late.merge(op.name(), op.droppedByWatermark(), Long::sum);
            }
            return new QueryState(pipeline, true, Optional.empty(), inputRows + p.inputRows(), p.inputRowsPerSecond(),
                    p.processedRowsPerSecond(), p.batchDurationMillis(),
                    p.watermarkEpochSeconds().isPresent() ? p.watermarkEpochSeconds() : watermarkEpochSeconds,
                    Map.copyOf(state), Map.copyOf(late), p.lagByTopic());
        }

        /** Started again (from its checkpoint): up, the failure gone, the totals kept. */
        QueryState restarted() {
            return new QueryState(pipeline, true, Optional.empty(), inputRows, inputRowsPerSecond, processedRowsPerSecond,
                    batchDurationMillis, watermarkEpochSeconds, stateRows, lateRows, lagByTopic);
        }

        QueryState stopped(Optional<String> why) {
            return new QueryState(pipeline, false, why, inputRows, 0, 0, batchDurationMillis, watermarkEpochSeconds,
                    stateRows, lateRows, lagByTopic);
        }
    }

    /** The pipeline a query belongs to: the longest pipeline name it equals or starts with followed by '-'; else itself. */
    public String pipelineOf(String query) {
        for (String p : pipelines) {
            if (query.equals(p) || query.startsWith(p + "-")) {
                return p;
            }
        }
        return query;
    }

    public void started(String query) {
        java.util.Objects.requireNonNull(query, "query");
        queries.compute(query, (q, old) -> old == null ? QueryState.started(pipelineOf(q)) : old.restarted());
    }

    public void progress(ProgressReading progress) {
        queries.compute(progress.query(), (q, old) -> (old == null ? QueryState.started(pipelineOf(q)) : old).next(progress));
    }

    /** @param failure the exception's message, when the query failed */
    public void terminated(String query, Optional<String> failure) {
        java.util.Objects.requireNonNull(failure, "failure");
        queries.compute(query, (q, old) -> (old == null ? QueryState.started(pipelineOf(q)) : old).stopped(failure));
    }

    /** Why a query stopped, when it stopped failing (kept until it starts again). */
    public Optional<String> failure(String query) {
        QueryState state = queries.get(query);
        return state == null ? Optional.empty() : state.failure();
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, QueryState> now = new TreeMap<>(queries);
        List<MetricSnapshot> families = new ArrayList<>();
        families.add(gauge("fluxo_query_up", "1 while the streaming query runs, 0 once it stopped", now,
                s -> Map.of("", s.up() ? 1.0 : 0.0), null));
        families.add(counter("fluxo_query_input_rows", "Rows the query read, over its micro-batches", now,
                s -> Map.of("", (double) s.inputRows()), null));
        families.add(gauge("fluxo_query_input_rows_per_second", "Rows per second arriving, in the last micro-batch",
                now, s -> Map.of("", s.inputRowsPerSecond()), null));
        families.add(gauge("fluxo_query_processed_rows_per_second", "Rows per second processed, in the last micro-batch",
                now, s -> Map.of("", s.processedRowsPerSecond()), null));
        families.add(gauge("fluxo_query_batch_duration_seconds", "How long the last micro-batch took", now,
                s -> Map.of("", s.batchDurationMillis() / 1000.0), null));
        families.add(gauge("fluxo_query_watermark_seconds", "The event-time watermark, in seconds since the epoch",
                now, s -> s.watermarkEpochSeconds().isPresent() ? Map.of("", s.watermarkEpochSeconds().getAsDouble())
                        : Map.of(), null));
        families.add(gauge("fluxo_query_state_rows", "Rows held in the state of a stateful operator", now,
                s -> doubles(s.stateRows()), "operator"));
        families.add(counter("fluxo_query_late_rows", "Rows a stateful operator dropped as later than the watermark",
                now, s -> doubles(s.lateRows()), "operator"));
        families.add(gauge("fluxo_consumer_lag_records", "Kafka records behind the latest offset after the last"
                + " micro-batch, per topic", now, s -> doubles(s.lagByTopic()), "topic"));
        families.addAll(pipelineCounters());
        return new MetricSnapshots(families);
    }

    /** {@code fluxo_<counter>_total{pipeline}} for every counter of every pipeline, and its written batches. */
    private List<MetricSnapshot> pipelineCounters() {
        Map<String, CounterSnapshot.Builder> families = new TreeMap<>();
        for (String p : pipelines.stream().sorted().toList()) {
            PipelineMetrics metrics = PipelineMetrics.of(p);
            Map<String, Long> counters = new LinkedHashMap<>(metrics.snapshot());
            for (Map.Entry<String, Long> c : counters.entrySet()) {
                String name = "fluxo_" + c.getKey().replaceAll("[^a-zA-Z0-9_]", "_");
                if (!QUERY_FAMILIES.contains(name)) {
                    families.computeIfAbsent(name, n -> CounterSnapshot.builder().name(n)
                            .help("The " + c.getKey() + " counter of a pipeline, in this process"))
                            .dataPoint(counterPoint(Labels.of(PIPELINE, p), c.getValue()));
                }
            }
            families.computeIfAbsent("fluxo_batches_written", n -> CounterSnapshot.builder().name(n)
                    .help("Micro-batches a pipeline's batch writer wrote, in this process"))
                    .dataPoint(counterPoint(Labels.of(PIPELINE, p), metrics.batches()));
        }
        return families.values().stream().map(b -> (MetricSnapshot) b.build()).toList();
    }

    private static Map<String, Double> doubles(Map<String, Long> values) {
        Map<String, Double> result = new TreeMap<>();
        values.forEach((k, v) -> result.put(k, v.doubleValue()));
        return result;
    }

    private static Labels labels(String query, QueryState s, String extraLabel, String extraValue) {
        return extraLabel == null ? Labels.of(PIPELINE, s.pipeline(), QUERY, query)
                : Labels.of(PIPELINE, s.pipeline(), QUERY, query, extraLabel, extraValue);
    }

    private static GaugeSnapshot gauge(String name, String help, Map<String, QueryState> queries,
            Function<QueryState, Map<String, Double>> values, String extraLabel) {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help);
        queries.forEach((q, s) -> values.apply(s).forEach((extra, v) -> family.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(labels(q, s, extraLabel, extra)).value(v).build())));
        return family.build();
    }

    private static CounterSnapshot counter(String name, String help, Map<String, QueryState> queries,
            Function<QueryState, Map<String, Double>> values, String extraLabel) {
        CounterSnapshot.Builder family = CounterSnapshot.builder().name(name).help(help);
        queries.forEach((q, s) -> values.apply(s).forEach((extra, v) ->
                family.dataPoint(counterPoint(labels(q, s, extraLabel, extra), v))));
        return family.build();
    }

    private static CounterDataPointSnapshot counterPoint(Labels labels, double value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
