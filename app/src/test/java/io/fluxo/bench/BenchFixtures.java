package io.fluxo.bench;

import io.fluxo.pipeline.PipelineRegistry;
import io.fluxo.config.FluxoConfig;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Rows, freshness runs and plan runs for the tests of the runner and of each pipeline's plan. */
public final class BenchFixtures {
    public static final long MIB = 1024 * 1024;

    private BenchFixtures() {
    }

    /** A row named by its key, 100 MiB of peak heap. */
    public static Measurement m(String key, long count, long millis) {
        return Measurement.of(key, key, count, "events", Duration.ofMillis(millis), 100L << 20);
    }

    /** A continuous run with 1,000 events sent at 200/s; p50 {@code p50}, p95 {@code p95} and p99 {@code p99}. */
    public static Freshness freshness(Duration window, long expected, int measured, long p50, long p95, long p99) {
        return new Freshness(window, 200, 1_000, Duration.ofSeconds(5), expected, measured, 100, Duration.ofMillis(200),
                new LatencySummary(measured, 100, p50, p95, p99, p99 + 10, p50 + 100));
    }

    public static Map<String, Target> byKey(List<Target> targets) {
        return targets.stream().collect(Collectors.toMap(Target::key, t -> t));
    }

    /** The bottleneck of these rows as the plan's report derives it; null for none. */
    public static Bottleneck bottleneck(BenchPlan plan, List<Measurement> measured) {
        Map<String, Measurement> rows = BenchReport.byKey(measured);
        return Bottleneck.of(rows, plan.variants(), events -> plan.sinkParts(rows, events)).orElse(null);
    }

    /** A run of the plan for run id 20250304-050607-abcd on the default configuration; it creates nothing. */
    public static BenchPlan.Run open(BenchPlan plan, BenchOptions options) {
        return plan.open(new BenchPlan.Context(new BenchNames("20250304-050607-abcd"), options, PipelineRegistry.defaultConfig(),
                (route, checkpoint) -> {
                    throw new UnsupportedOperationException("no configuration in a unit test");
                }, new PrintWriter(Writer.nullWriter())));
    }
}
