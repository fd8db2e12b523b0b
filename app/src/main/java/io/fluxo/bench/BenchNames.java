package io.fluxo.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The unique names of one bench run: its topics, tables, indices, databases and checkpoints never meet
 * another run's data, nor the production names. Run ids are lower case (OpenSearch index names must be).
 */
public record BenchNames(String runId) {
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Topic sets: the pre-loaded events, the warm-up run, the continuous (freshness) run, the small batches. */
    public static final String LOAD = "";
    public static final String WARMUP = "warmup";
    public static final String FRESH = "fresh";
    /** The many-small-batches run (the fixed cost of a micro-batch): its own topics, outputs and checkpoints. */
    public static final String SMALL = "small";

    public BenchNames {
        requireNonNull(runId, "runId");
        if (!runId.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("Invalid bench run id: " + runId);
        }
    }

    public static BenchNames create(Instant now, long random) {
        return new BenchNames(RUN_TIME.format(now) + "-" + String.format(Locale.ROOT, "%04x", random & 0xFFFF));
    }

    /** {@code prefix}, the run id, then "-" and {@code suffix} unless it is empty: bench-x, bench-x-fresh. */
    public String name(String prefix, String suffix) {
        return prefix + runId + (suffix.isEmpty() ? "" : "-" + suffix);
    }

    /** Everything of this run on the local disk: one checkpoint directory per pipeline run. */
    public Path dir(Path home) {
        return home.resolve("bench").resolve(runId);
    }
}
