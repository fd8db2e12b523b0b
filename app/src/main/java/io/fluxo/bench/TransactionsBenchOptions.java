package io.fluxo.bench;

import io.fluxo.config.UserException;
import io.fluxo.pipeline.transactions.UserSeed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What a transactions bench run does. Validated at construction; messages name the CLI flag.
 *
 * @param events transactions pre-loaded for the throughput steps, and rows of the raw PostgreSQL measurement
 * @param window the pipeline's trigger interval in the continuous (freshness) run
 * @param users users seeded into the bench database (with seed 42) and paid from by the generator
 * @param seed the generator's seed for the pre-loaded and the measured freshness transactions
 * @param out JSON report; null for the default under fluxo.home
 * @param sinks whether to measure PostgreSQL's raw ingest rate
 */
public record TransactionsBenchOptions(long events, long freshnessEvents, double freshnessRate, Duration window, int users,
        long seed, Path out, boolean keep, boolean sinks, boolean pipelines, boolean freshness) {

    public static final long DEFAULT_FRESHNESS_EVENTS = 2_000;
    public static final double DEFAULT_FRESHNESS_RATE = 200;

    public TransactionsBenchOptions {
        if (events < 1) {
            throw new UserException("Invalid --events: " + events + " (must be at least 1)");
        }
        if (freshnessEvents < 1) {
            throw new UserException("Invalid --freshness-events: " + freshnessEvents + " (must be at least 1)");
        }
        if (!(freshnessRate > 0) || Double.isInfinite(freshnessRate)) {
            throw new UserException("Invalid --freshness-rate: " + String.format(Locale.ROOT, "%s", freshnessRate)
                    + " (events per second, must be positive)");
        }
        if (window == null) {
            throw new IllegalArgumentException("Missing window");
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new UserException("Invalid --window: " + BenchReport.durationText(window) + " (must be at least 1s)");
        }
        if (users < 2 || users > UserSeed.MAX_USERS) {
            throw new UserException("Invalid --users: " + users + " (must be between 2 and " + UserSeed.MAX_USERS + ")");
        }
        if (!sinks && !pipelines && !freshness) {
            throw new UserException("Cannot bench: every step is skipped (drop a --skip-... option)");
        }
    }

    /** The pre-load and the raw Kafka consume are the pipeline runs' input and yardstick: only needed with them. */
    public boolean preload() {
        return pipelines;
    }

    /** The bench database (schema, users, regions) serves the pipeline runs; the raw step has a scratch one. */
    public boolean database() {
        return pipelines || freshness;
    }
}
