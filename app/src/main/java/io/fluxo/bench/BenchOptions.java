package io.fluxo.bench;

import io.fluxo.config.UserException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a bench run does. Validated at construction; messages name the CLI flag.
 *
 * @param events events pre-loaded for the throughput steps
 * @param window the pipeline's window and trigger interval in every run
 * @param seed the generator's seed for the pre-loaded events; the other steps derive their own from it
 * @param out JSON report; null for the default under fluxo.home
 * @param sinks whether to measure the sinks' raw rates
 * @param freshnessRate events per second of the freshness run; {@link #HALF_RATE}: half the end-to-end run's steady
 *     rate ({@link #DEFAULT_FRESHNESS_RATE} when the pipeline runs are skipped)
 * @param flags the values of the plan's own options, in its order
 * @param batchEvents maxOffsetsPerTrigger of the measured runs; 0: a tenth of --events, at least
 *     {@link #MIN_DEFAULT_BATCH_EVENTS}, so that every run has several batches after its first
 */
public record BenchOptions(long events, long freshnessEvents, double freshnessRate, Duration window, long seed, Path out,
        boolean keep, boolean sinks, boolean pipelines, boolean freshness, Map<BenchPlan.Flag, Long> flags,
        long batchEvents) {

    public static final long DEFAULT_FRESHNESS_EVENTS = 2_000;
    public static final double DEFAULT_FRESHNESS_RATE = 200;
    public static final double HALF_RATE = 0;
    static final long MIN_DEFAULT_BATCH_EVENTS = 1_000;
    static final int DEFAULT_BATCHES = 10;

    /** With the default batch size. */
    public BenchOptions(long events, long freshnessEvents, double freshnessRate, Duration window, long seed, Path out,
            boolean keep, boolean sinks, boolean pipelines, boolean freshness, Map<BenchPlan.Flag, Long> flags) {
        this(events, freshnessEvents, freshnessRate, window, seed, out, keep, sinks, pipelines, freshness, flags, 0);
    }

    public BenchOptions {
        if (events < 1) {
            throw new UserException("Invalid --events: " + events + " (must be at least 1)");
        }
        if (freshnessEvents < 1) {
            throw new UserException("Invalid --freshness-events: " + freshnessEvents + " (must be at least 1)");
        }
        if (batchEvents < 0) {
            throw new UserException("Invalid --batch-events: " + batchEvents + " (must be at least 1)");
        }
        if (!(freshnessRate > 0 || freshnessRate == HALF_RATE) || Double.isInfinite(freshnessRate)) {
            throw new UserException("Invalid --freshness-rate: " + String.format(Locale.ROOT, "%s", freshnessRate)
                    + " (events per second, must be positive)");
        }
        if (window == null) {
            throw new IllegalArgumentException("Missing window");
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new UserException("Invalid --window: " + BenchReport.durationText(window) + " (must be at least 1s)");
        }
        flags.forEach(BenchPlan.Flag::check);
        flags = Collections.unmodifiableMap(new LinkedHashMap<>(flags));
        if (!sinks && !pipelines && !freshness) {
            throw new UserException("Cannot bench: every step is skipped (drop a --skip-... option)");
        }
    }

    /** Events per micro-batch of the measured runs (maxOffsetsPerTrigger). */
    public long eventsPerBatch() {
        return batchEvents > 0 ? batchEvents : Math.max(MIN_DEFAULT_BATCH_EVENTS, events / DEFAULT_BATCHES);
    }

    /** The pre-load and the raw Kafka consume are the pipeline runs' input and yardstick: only needed with them. */
    public boolean preload() {
        return pipelines;
    }

    /** Whether the run uses Kafka at all (--sinks-only does not). */
    public boolean kafka() {
        return preload() || freshness;
    }

    /** The value of one of the plan's options. */
    public long flag(BenchPlan.Flag flag) {
        Long value = flags.get(flag);
        if (value == null) {
            throw new IllegalArgumentException("Missing bench option " + flag.name());
        }
        return value;
    }
}
