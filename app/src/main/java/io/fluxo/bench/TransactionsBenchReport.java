package io.fluxo.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A transactions bench run's results, as the receivables bench shows them: an aligned table and JSON. */
public record TransactionsBenchReport(String runId, Instant startedAt, Instant finishedAt, TransactionsBenchOptions options,
        TransactionsMachineInfo machine, List<Measurement> measurements, Freshness freshness, Bottleneck bottleneck,
        List<Target> targets) implements BenchResult {

    public static final String PIPELINE = "transactions";
    public static final String PRODUCE = BenchReport.PRODUCE;
    public static final String KAFKA_RAW = BenchReport.KAFKA_RAW;
    public static final String POSTGRES_RAW = "postgres_copy_upsert";
    public static final String PIPELINE_NONE = BenchReport.PIPELINE_NONE;
    public static final String PIPELINE_POSTGRES = "pipeline_postgres";
    public static final String FRESHNESS = BenchReport.FRESHNESS;

    static final String RATIO_KAFKA = BenchReport.RATIO_KAFKA;
    static final String RATIO_POSTGRES = "postgres_raw";

    private static final long MIB = 1024 * 1024;

    public TransactionsBenchReport {
        requireNonNull(runId, "runId");
        requireNonNull(options, "options");
        requireNonNull(machine, "machine");
        measurements = List.copyOf(measurements);
        targets = List.copyOf(targets);
    }

    /** Adds the ratios to the rows, then derives the bottleneck and the targets from them. */
    public static TransactionsBenchReport build(String runId, Instant startedAt, Instant finishedAt,
            TransactionsBenchOptions options, TransactionsMachineInfo machine, List<Measurement> measured,
            Freshness freshness) {
        List<Measurement> rows = withRatios(measured);
        Map<String, Measurement> byKey = BenchReport.byKey(rows);
        return new TransactionsBenchReport(runId, startedAt, finishedAt, options, machine, rows, freshness,
                TransactionsBottleneck.of(byKey).orElse(null),
                TransactionsTargets.evaluate(byKey, freshness, options.window()));
    }

    /** Every pipeline run against the raw Kafka consume rate; the PostgreSQL run also against PostgreSQL's raw rate. */
    static List<Measurement> withRatios(List<Measurement> rows) {
        Map<String, Measurement> byKey = BenchReport.byKey(rows);
        Measurement kafka = byKey.get(KAFKA_RAW);
        Measurement postgres = byKey.get(POSTGRES_RAW);
        List<Measurement> out = new ArrayList<>(rows.size());
        for (Measurement m : rows) {
            if (m.key().startsWith("pipeline_")) {
                m = m.withRatioTo(RATIO_KAFKA, "kafka raw", kafka);
                if (m.key().equals(PIPELINE_POSTGRES)) {
                    m = m.withRatioTo(RATIO_POSTGRES, "postgres raw", postgres);
                }
            }
            out.add(m);
        }
        return out;
    }

    public Map<String, Measurement> byKey() {
        return BenchReport.byKey(measurements);
    }

    @Override
    public String pipeline() {
        return PIPELINE;
    }

    // ---------------------------------------------------------------- table

    @Override
    public String table() {
        StringBuilder out = new StringBuilder();
        String workload = (options.pipelines() ? BenchReport.count(options.events()) + " events, " : "") + "window "
                + BenchReport.durationText(options.window()) + ", " + BenchReport.count(options.users()) + " users";
        out.append(String.format(Locale.ROOT, "%s bench %s: %s | %d cores, max heap %,d MiB, Java %s, Spark %s,"
                        + " PostgreSQL %s%n%n", PIPELINE, runId, workload, machine.cores(), machine.maxHeapBytes() / MIB,
                machine.javaVersion(), machine.sparkVersion(), machine.postgresVersion()));
        out.append(BenchReport.measurementTable(measurements));
        if (freshness != null) {
            out.append('\n').append(freshnessLine(freshness)).append('\n');
        }
        if (bottleneck != null) {
            out.append(freshness == null ? "\n" : "").append(bottleneck.text()).append('\n');
        }
        out.append(BenchReport.targetLines(targets));
        return out.toString();
    }

    static String freshnessLine(Freshness f) {
        String head = String.format(Locale.ROOT, "freshness (window %s, %s transactions at %,.0f/s, %s of %s rows seen%s):",
                BenchReport.durationText(f.window()), BenchReport.count(f.eventsProduced()), f.rate(),
                BenchReport.count(f.measured()), BenchReport.count(f.receivables()),
                f.missing() > 0 ? ", " + BenchReport.count(f.missing()) + " MISSING" : "");
        LatencySummary l = f.latency();
        if (l == null) {
            return head + " no row appeared";
        }
        return head + String.format(Locale.ROOT, " p50 %,d ms  p95 %,d ms  p99 %,d ms  max %,d ms", l.p50(), l.p95(),
                l.p99(), l.max());
    }

    // ---------------------------------------------------------------- JSON

    @Override
    public String toJson() {
        ObjectNode root = BenchReport.newJson();
        root.put("pipeline", PIPELINE);
        root.put("run_id", runId);
        root.put("started_at", startedAt == null ? null : startedAt.toString());
        root.put("finished_at", finishedAt == null ? null : finishedAt.toString());

        ObjectNode o = root.putObject("options");
        o.put("events", options.events());
        o.put("freshness_events", options.freshnessEvents());
        o.put("freshness_rate", options.freshnessRate());
        o.put("window_ms", options.window().toMillis());
        o.put("users", options.users());
        o.put("seed", options.seed());
        o.put("kept", options.keep());

        ObjectNode m = root.putObject("machine");
        m.put("cores", machine.cores());
        m.put("max_heap_mib", machine.maxHeapBytes() / MIB);
        m.put("physical_memory_mib", machine.physicalMemoryBytes() < 0 ? null : machine.physicalMemoryBytes() / MIB);
        m.put("java_version", machine.javaVersion());
        m.put("java_vendor", machine.javaVendor());
        m.put("os", machine.os());
        m.put("spark_version", machine.sparkVersion());
        m.put("spark_master", machine.sparkMaster());
        m.put("spark_shuffle_partitions", machine.shufflePartitions());
        m.put("kafka_clients_version", machine.kafkaClientsVersion());
        m.put("kafka_bootstrap_servers", machine.kafkaBootstrap());
        m.put("topic_partitions", machine.topicPartitions());
        m.put("postgres_url", machine.postgresUrl());
        m.put("postgres_version", machine.postgresVersion());
        m.put("postgres_pool_size", machine.postgresPoolSize());

        BenchReport.putMeasurements(root, measurements);

        if (freshness == null) {
            root.putNull("freshness");
        } else {
            ObjectNode f = root.putObject("freshness");
            f.put("window_ms", freshness.window().toMillis());
            f.put("rate", freshness.rate());
            f.put("events_produced", freshness.eventsProduced());
            f.put("produce_seconds", BenchReport.round(freshness.produceElapsed().toNanos() / 1e9, 3));
            f.put("transactions", freshness.receivables());
            f.put("measured", freshness.measured());
            f.put("missing", freshness.missing());
            f.put("warmup_events", freshness.warmupEvents());
            f.put("poll_every_ms", freshness.pollEvery().toMillis());
            BenchReport.putLatency(f, freshness.latency());
        }

        BenchReport.putBottleneck(root, bottleneck);
        BenchReport.putTargets(root, targets);
        return BenchReport.write(root);
    }
}
