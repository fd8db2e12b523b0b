package io.fluxo.bench;

import io.fluxo.config.UserException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What a bench run does. Validated at construction; messages name the CLI flag.
 *
 * @param events events pre-loaded for the throughput steps
 * @param sinkItems items (DynamoDB) and documents (OpenSearch) per raw sink measurement
 * @param out JSON report; null for the default under fluxo.home
 */
public record BenchOptions(long events, long freshnessEvents, double freshnessRate, Duration window, int sinkItems,
        long seed, Path out, boolean keep, boolean sinks, boolean pipelines, boolean freshness) {

    public static final long DEFAULT_FRESHNESS_EVENTS = 2_000;
    public static final double DEFAULT_FRESHNESS_RATE = 200;
    public static final int DEFAULT_SINK_ITEMS = 5_000;

    public BenchOptions {
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
        if (sinkItems < 100) {
            throw new UserException("Invalid --sink-items: " + sinkItems + " (must be at least 100)");
        }
        if (!sinks && !pipelines && !freshness) {
            throw new UserException("Cannot bench: every step is skipped (drop a --skip-... option)");
        }
    }

    /** The pre-load and the raw Kafka consume are the pipeline runs' input and yardstick: only needed with them. */
    public boolean preload() {
        return pipelines;
    }
}
