package io.fluxo.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The unique names of one bench run: its topics, tables, indices and checkpoints never meet another run's
 * data, nor the production names. Run ids are lower case (OpenSearch index names must be).
 */
public record BenchNames(String runId) {
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Topic sets: the pre-loaded events, the warm-up run, the continuous (freshness) run. */
    public static final String LOAD = "";
    public static final String WARMUP = "warmup";
    public static final String FRESH = "fresh";
    /**
     * Tables and indices: the raw sink scratch ones, the opensearch-only run; the warm-up, end-to-end and
     * freshness runs use the topic set names.
     */
    public static final String RAW = "raw";
    public static final String OPENSEARCH_ONLY = "os";

    public record TopicSet(String agendados, String cancelados, String negociados, String dlq) {
        public List<String> all() {
            return List.of(agendados, cancelados, negociados, dlq);
        }
    }

    public BenchNames {
        requireNonNull(runId, "runId");
        if (!runId.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("Invalid bench run id: " + runId);
        }
    }

    public static BenchNames create(Instant now, long random) {
        return new BenchNames(RUN_TIME.format(now) + "-" + String.format(Locale.ROOT, "%04x", random & 0xFFFF));
    }

    public TopicSet topics(String set) {
        String prefix = "bench-" + runId + suffix(set);
        return new TopicSet(prefix + ".agendados", prefix + ".cancelados", prefix + ".negociados", prefix + ".dlq");
    }

    public String table(String suffix) {
        return "Recebiveis-bench-" + runId + suffix(suffix);
    }

    public String index(String suffix) {
        return "ciclo-bench-" + runId + suffix(suffix);
    }

    /** Everything of this run on the local disk: one checkpoint directory per pipeline run. */
    public Path dir(Path home) {
        return home.resolve("bench").resolve(runId);
    }

    public List<String> allTopics() {
        List<String> all = new ArrayList<>();
        for (String set : List.of(LOAD, WARMUP, FRESH)) {
            all.addAll(topics(set).all());
        }
        return all;
    }

    public List<String> allTables() {
        return List.of(table(RAW), table(WARMUP), table(LOAD), table(FRESH));
    }

    public List<String> allIndices() {
        return List.of(index(RAW), index(WARMUP), index(OPENSEARCH_ONLY), index(LOAD), index(FRESH));
    }

    /** Configuration overrides (full key paths) that point the receivables pipeline at this run's names. */
    public Map<String, String> overrides(String topicSet, String table, String index, String sinks, Path checkpointDir,
            Duration window) {
        TopicSet t = topics(topicSet);
        Map<String, String> o = new HashMap<>();
        o.put("fluxo.receivables.topics.agendados", t.agendados());
        o.put("fluxo.receivables.topics.cancelados", t.cancelados());
        o.put("fluxo.receivables.topics.negociados", t.negociados());
        o.put("fluxo.receivables.dlq-topic", t.dlq());
        o.put("fluxo.receivables.table", table);
        o.put("fluxo.receivables.index", index);
        o.put("fluxo.receivables.sinks", sinks);
        o.put("fluxo.checkpoint-dir", checkpointDir.toAbsolutePath().toString());
        o.put("fluxo.receivables.window", window.toMillis() + "ms");
        return o;
    }

    private static String suffix(String s) {
        return s.isEmpty() ? "" : "-" + s;
    }
}
