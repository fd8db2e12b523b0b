package io.fluxo.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A bench run's results, as an aligned table for the screen and as JSON for a file. */
public record BenchReport(String pipeline, BenchPlan.Nouns nouns, String runId, Instant startedAt, Instant finishedAt,
        BenchOptions options, MachineInfo machine, List<Measurement> measurements, Freshness freshness,
        Bottleneck bottleneck, List<Target> targets) {

    public static final String PRODUCE = "produce";
    public static final String KAFKA_RAW = "kafka_raw_consume";
    public static final String PIPELINE_NONE = "pipeline_sinks_none";
    public static final String FRESHNESS = "freshness_run";
    public static final String SMALL_BATCHES = "small_batches";
    /** Every pipeline run is compared with the raw Kafka consume rate. */
    public static final BenchPlan.Reference RAW_KAFKA = new BenchPlan.Reference("kafka_raw", "kafka raw", KAFKA_RAW,
            "raw Kafka");

    private static final long MIB = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    public BenchReport {
        requireNonNull(pipeline, "pipeline");
        requireNonNull(nouns, "nouns");
        requireNonNull(runId, "runId");
        requireNonNull(options, "options");
        requireNonNull(machine, "machine");
        measurements = List.copyOf(measurements);
        targets = List.copyOf(targets);
    }

    /** Adds the ratios to the rows, then derives the bottleneck and the targets from them with the plan. */
    public static BenchReport build(BenchPlan plan, String runId, Instant startedAt, Instant finishedAt,
            BenchOptions options, MachineInfo machine, List<Measurement> measured, Freshness freshness) {
        List<Measurement> rows = withRatios(measured, plan.variants());
        Map<String, Measurement> byKey = byKey(rows);
        return new BenchReport(plan.pipeline(), plan.nouns(), runId, startedAt, finishedAt, options, machine, rows,
                freshness, Bottleneck.of(byKey, plan.variants(), events -> plan.sinkParts(byKey, events)).orElse(null),
                plan.targets(byKey, freshness, options.window()));
    }

    /** Every variant run against the raw Kafka consume rate, then against the raw rates of its own references. */
    static List<Measurement> withRatios(List<Measurement> rows, List<BenchPlan.Variant> variants) {
        Map<String, Measurement> byKey = byKey(rows);
        Map<String, BenchPlan.Variant> variantByKey = new LinkedHashMap<>();
        variants.forEach(v -> variantByKey.put(v.key(), v));
        List<Measurement> out = new ArrayList<>(rows.size());
        for (Measurement m : rows) {
            BenchPlan.Variant v = variantByKey.get(m.key());
            if (v != null) {
                m = m.withRatioTo(RAW_KAFKA.key(), RAW_KAFKA.label(), byKey.get(RAW_KAFKA.measurement()));
                for (BenchPlan.Reference r : v.ratios()) {
                    m = m.withRatioTo(r.key(), r.label(), byKey.get(r.measurement()));
                }
            }
            out.add(m);
        }
        return out;
    }

    public static Map<String, Measurement> byKey(List<Measurement> rows) {
        return rows.stream().collect(Collectors.toMap(Measurement::key, m -> m, (a, b) -> b, LinkedHashMap::new));
    }

    public Map<String, Measurement> byKey() {
        return byKey(measurements);
    }

    // ---------------------------------------------------------------- table

    /** The aligned table for the screen. */
    public String table() {
        StringBuilder out = new StringBuilder();
        StringBuilder workload = new StringBuilder(options.pipelines() ? count(options.events()) + " events, " : "")
                .append("window ").append(durationText(options.window()));
        options.flags().forEach((flag, value) -> {
            if (flag.shownAs() != null) {
                workload.append(", ").append(count(value)).append(' ').append(flag.shownAs());
            }
        });
        out.append(String.format(Locale.ROOT, "%s bench %s: %s | %d cores, max heap %,d MiB, Java %s, Spark %s, %s%n%n",
                pipeline, runId, workload, machine.cores(), machine.maxHeapBytes() / MIB, machine.javaVersion(),
                machine.sparkVersion(), machine.facts().summary()));
        out.append(measurementTable(measurements));
        if (freshness != null) {
            out.append('\n').append(freshnessLine(freshness, nouns)).append('\n');
        }
        if (bottleneck != null) {
            out.append(freshness == null ? "\n" : "").append(bottleneck.text()).append('\n');
        }
        out.append(targetLines(targets));
        return out.toString();
    }

    /** The rows as an aligned table with a header; shared by every pipeline's bench. */
    static String measurementTable(List<Measurement> measurements) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"measurement", "count", "unit", "seconds", "rate/s", "steady/s", "ratio",
            "peak heap MiB"});
        for (Measurement m : measurements) {
            boolean steady = m.hasSteady();
            cells.add(new String[] {m.name(), count(m.count()), m.unit(), String.format(Locale.ROOT, "%.2f", m.seconds()),
                    String.format(Locale.ROOT, "%,.0f", m.rate()),
                    steady ? String.format(Locale.ROOT, "%,.0f", m.steadyRate()) : "-", ratioText(m),
                    m.peakHeapBytes() < 0 ? "-" : count(Math.round((double) m.peakHeapBytes() / MIB))});
        }
        return align(cells, new boolean[] {false, true, false, true, true, true, false, true}) + phaseLines(measurements)
                + cpuTable(measurements);
    }

    /** For each run of several batches: query start and stop, its first batch, its steady batches. */
    static String phaseLines(List<Measurement> measurements) {
        StringBuilder out = new StringBuilder();
        for (Measurement m : measurements) {
            Map<String, Long> d = m.details();
            if (!d.containsKey("steady_batches") || !d.containsKey("spark_trigger_ms")) {
                continue;
            }
            if (out.length() == 0) {
                out.append("\nphases (start-up = query start and stop; steady = the batches after the first):\n");
            }
            long startup = Math.max(0, m.elapsed().toMillis() - d.get("spark_trigger_ms"));
            out.append(String.format(Locale.ROOT, "  %s: start-up %,d ms, first batch %,d events in %,d ms, %d steady"
                    + " batches %,d events in %,d ms (median batch %,d ms)%n", m.name(), startup, d.get("first_batch_rows"),
                    d.get("first_batch_ms"), d.get("steady_batches"), d.get("steady_rows"), d.get("steady_ms"),
                    d.get("steady_batch_ms_median")));
        }
        return out.toString();
    }

    /** CPU seconds per 1,000 units by process (columns in the order first seen), one row per measured step. */
    static String cpuTable(List<Measurement> measurements) {
        List<String> processes = new ArrayList<>();
        for (Measurement m : measurements) {
            m.cpuPerThousand().keySet().forEach(p -> {
                if (!processes.contains(p)) {
                    processes.add(p);
                }
            });
        }
        if (processes.isEmpty()) {
            return "";
        }
        List<String[]> cells = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("CPU seconds per 1,000"));
        header.addAll(processes);
        cells.add(header.toArray(String[]::new));
        for (Measurement m : measurements) {
            Map<String, Double> cpu = m.cpuPerThousand();
            if (cpu.isEmpty()) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(m.name() + " (" + m.unit() + ")"));
            processes.forEach(p -> row.add(cpu.containsKey(p) ? String.format(Locale.ROOT, "%.3f", cpu.get(p)) : "-"));
            cells.add(row.toArray(String[]::new));
        }
        boolean[] right = new boolean[processes.size() + 1];
        java.util.Arrays.fill(right, 1, right.length, true);
        return "\n" + align(cells, right);
    }

    static String targetLines(List<Target> targets) {
        StringBuilder out = new StringBuilder("targets:\n");
        for (Target t : targets) {
            out.append(String.format(Locale.ROOT, "  %-9s %s%n", "[" + t.status() + "]", t.line()));
        }
        return out.toString();
    }

    static String freshnessLine(Freshness f, BenchPlan.Nouns nouns) {
        String head = String.format(Locale.ROOT, "freshness (window %s, %s %s at %,.0f/s, %s of %s %s seen%s):",
                durationText(f.window()), count(f.eventsProduced()), nouns.events(), f.rate(), count(f.measured()),
                count(f.expected()), nouns.expected(), f.missing() > 0 ? ", " + count(f.missing()) + " MISSING" : "");
        LatencySummary l = f.latency();
        if (l == null) {
            return head + " no " + nouns.item() + " appeared";
        }
        return head + String.format(Locale.ROOT, " p50 %,d ms  p95 %,d ms  p99 %,d ms  max %,d ms", l.p50(), l.p95(),
                l.p99(), l.max());
    }

    static String ratioText(Measurement m) {
        return m.ratios().stream().map(r -> String.format(Locale.ROOT, "%.3fx %s", r.value(), r.label()))
                .collect(Collectors.joining(", "));
    }

    /** Columns padded to their widest cell; a rule under the header. */
    static String align(List<String[]> rows, boolean[] rightAligned) {
        int columns = rightAligned.length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = rows.get(r)[c];
                String pad = " ".repeat(width[c] - cell.length());
                line.append(c == 0 ? "" : "  ").append(rightAligned[c] ? pad + cell : cell + pad);
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = 0;
                for (int w : width) {
                    total += w;
                }
                out.append("-".repeat(total + 2 * (columns - 1))).append('\n');
            }
        }
        return out.toString();
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String durationText(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    // ---------------------------------------------------------------- JSON

    /** The same numbers, and more details, for a file. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("pipeline", pipeline);
        root.put("run_id", runId);
        root.put("started_at", startedAt == null ? null : startedAt.toString());
        root.put("finished_at", finishedAt == null ? null : finishedAt.toString());

        ObjectNode o = root.putObject("options");
        o.put("events", options.events());
        o.put("freshness_events", options.freshnessEvents());
        o.put("freshness_rate", options.freshnessRate());
        o.put("window_ms", options.window().toMillis());
        options.flags().forEach((flag, value) -> o.put(flag.key(), value));
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
        machine.facts().values().forEach((key, value) -> {
            if (value instanceof Number n) {
                m.put(key, n.longValue());
            } else {
                m.put(key, value == null ? null : value.toString());
            }
        });

        putMeasurements(root, measurements);

        if (freshness == null) {
            root.putNull("freshness");
        } else {
            ObjectNode f = root.putObject("freshness");
            f.put("window_ms", freshness.window().toMillis());
            f.put("rate", freshness.rate());
            f.put("events_produced", freshness.eventsProduced());
            f.put("produce_seconds", round(freshness.produceElapsed().toNanos() / 1e9, 3));
            f.put(nouns.expectedKey(), freshness.expected());
            f.put("measured", freshness.measured());
            f.put("missing", freshness.missing());
            f.put("warmup_events", freshness.warmupEvents());
            f.put("poll_every_ms", freshness.pollEvery().toMillis());
            putLatency(f, freshness.latency());
        }

        putBottleneck(root, bottleneck);
        putTargets(root, targets);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void putMeasurements(ObjectNode root, List<Measurement> measurements) {
        ArrayNode rows = root.putArray("measurements");
        for (Measurement x : measurements) {
            ObjectNode row = rows.addObject();
            row.put("key", x.key());
            row.put("name", x.name());
            row.put("count", x.count());
            row.put("unit", x.unit());
            row.put("seconds", round(x.seconds(), 3));
            row.put("rate_per_s", round(x.rate(), 1));
            row.put("steady_rate_per_s", round(x.steadyRate(), 1));
            ObjectNode cpu = row.putObject("cpu_seconds_per_1000");
            x.cpuPerThousand().forEach((p, v) -> cpu.put(p, round(v, 4)));
            row.put("peak_heap_mib", x.peakHeapBytes() < 0 ? null : round((double) x.peakHeapBytes() / MIB, 1));
            ObjectNode ratios = row.putObject("ratios");
            x.ratios().forEach(r -> ratios.put(r.key(), round(r.value(), 4)));
            ObjectNode details = row.putObject("details");
            x.details().forEach(details::put);
        }
    }

    /** Null fields when nothing was seen. */
    static void putLatency(ObjectNode f, LatencySummary l) {
        f.put("min_ms", l == null ? null : l.min());
        f.put("p50_ms", l == null ? null : l.p50());
        f.put("p95_ms", l == null ? null : l.p95());
        f.put("p99_ms", l == null ? null : l.p99());
        f.put("max_ms", l == null ? null : l.max());
        f.put("mean_ms", l == null ? null : round(l.mean(), 1));
    }

    static void putBottleneck(ObjectNode root, Bottleneck bottleneck) {
        if (bottleneck == null) {
            root.putNull("bottleneck");
        } else {
            ObjectNode b = root.putObject("bottleneck");
            b.put("component", bottleneck.component());
            ObjectNode seconds = b.putObject("seconds");
            bottleneck.secondsByComponent().forEach((k, v) -> seconds.put(k, round(v, 3)));
            b.put("text", bottleneck.text());
        }
    }

    static void putTargets(ObjectNode root, List<Target> targets) {
        ArrayNode goals = root.putArray("targets");
        for (Target t : targets) {
            ObjectNode g = goals.addObject();
            g.put("key", t.key());
            g.put("description", t.description());
            g.put("comparison", t.comparison() == Target.Comparison.AT_LEAST ? ">=" : "<=");
            g.put("required", t.required());
            g.put("actual", t.actual() == null ? null : round(t.actual(), 4));
            g.put("met", t.met());
            g.put("blocker", t.blocker());
        }
    }

    /** Half-up to {@code places} decimals, as a JSON number; null for NaN or infinity (JSON has neither). */
    static BigDecimal round(double value, int places) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }
}
