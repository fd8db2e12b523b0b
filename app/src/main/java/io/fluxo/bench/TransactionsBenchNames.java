package io.fluxo.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The unique names of one transactions bench run: topics, databases and checkpoints that never meet another
 * run's data, nor the production names. Every pipeline run has its own ledger, dead-letter and alerts topics:
 * the pipeline reads its ledger back, so a run sharing one would read the credits of the run before it.
 */
public record TransactionsBenchNames(String runId) {
    /** Input topic sets: the pre-loaded transactions, the warm-up run's, the continuous (freshness) run's. */
    public static final String LOAD = "";
    public static final String WARMUP = "warmup";
    public static final String FRESH = "fresh";
    /** Pipeline runs, each with its own output topics and checkpoint; the measured ones in several passes. */
    public static final String NONE = "none";
    public static final String POSTGRES = "postgres";
    public static final int PASSES = 2;

    public record RunTopics(String ledger, String dlq, String alerts) {
        public List<String> all() {
            return List.of(ledger, dlq, alerts);
        }
    }

    public TransactionsBenchNames {
        requireNonNull(runId, "runId");
        if (!runId.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("Invalid bench run id: " + runId);
        }
    }

    public String inputTopic(String set) {
        return "bench-" + runId + "-tx" + suffix(set) + ".transactions";
    }

    /** The name of a measured run's pass (1-based): none-1, postgres-2, ... */
    public static String pass(String run, int pass) {
        return run + "-" + pass;
    }

    public RunTopics runTopics(String run) {
        String prefix = "bench-" + runId + "-tx-" + run;
        return new RunTopics(prefix + ".ledger", prefix + ".dlq", prefix + ".alerts");
    }

    /** The run's database: reference data, the pipeline runs' transacoes and alertas_fraude. */
    public String database() {
        return "bench_" + runId.replace('-', '_');
    }

    /** The raw PostgreSQL measurement's scratch database: the same schema, written without the pipeline. */
    public String scratchDatabase() {
        return database() + "_raw";
    }

    public List<String> allTopics() {
        List<String> all = new ArrayList<>();
        for (String set : List.of(LOAD, WARMUP, FRESH)) {
            all.add(inputTopic(set));
        }
        List<String> runs = new ArrayList<>(List.of(WARMUP, FRESH));
        for (int pass = 1; pass <= PASSES; pass++) {
            runs.add(pass(NONE, pass));
            runs.add(pass(POSTGRES, pass));
        }
        for (String run : runs) {
            all.addAll(runTopics(run).all());
        }
        return all;
    }

    /** Configuration overrides (full key paths) that point the transactions pipeline at this run's names. */
    public Map<String, String> overrides(String inputSet, String run, String sinks, Path checkpointDir, Duration window,
            String postgresUrl) {
        RunTopics t = runTopics(run);
        Map<String, String> o = new HashMap<>();
        o.put("fluxo.transactions.topic", inputTopic(inputSet));
        o.put("fluxo.transactions.ledger-topic", t.ledger());
        o.put("fluxo.transactions.dlq-topic", t.dlq());
        o.put("fluxo.transactions.alerts-topic", t.alerts());
        o.put("fluxo.transactions.sinks", sinks);
        o.put("fluxo.transactions.window", window.toMillis() + "ms");
        // The pre-loaded transactions are the input: a configured "latest" would read none of them.
        o.put("fluxo.transactions.starting-offsets", "earliest");
        o.put("fluxo.checkpoint-dir", checkpointDir.toAbsolutePath().toString());
        o.put("fluxo.postgres.url", postgresUrl);
        return o;
    }

    /**
     * The same server, user options and parameters, another database: jdbc:postgresql://h:5432/fluxo?ssl=true
     * with database bench_x is jdbc:postgresql://h:5432/bench_x?ssl=true.
     *
     * @throws IllegalArgumentException for a URL that is not jdbc:postgresql://...
     */
    public static String withDatabase(String url, String database) {
        String scheme = "jdbc:postgresql://";
        if (!url.startsWith(scheme)) {
            throw new IllegalArgumentException("Invalid PostgreSQL URL: " + url + " (must start with " + scheme + ")");
        }
        int query = url.indexOf('?', scheme.length());
        String head = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = head.indexOf('/', scheme.length());
        String hosts = slash < 0 ? head : head.substring(0, slash);
        return hosts + "/" + database + params;
    }

    private static String suffix(String s) {
        return s.isEmpty() ? "" : "-" + s;
    }
}
