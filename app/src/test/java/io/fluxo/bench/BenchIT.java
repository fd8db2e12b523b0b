package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.config.FluxoConfig;
import io.fluxo.pipeline.PipelineRegistry;
import io.fluxo.testing.TestSpark;
import io.fluxo.testing.TestStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./fluxo bench <pipeline>} works from start to end on the test stack, small: every step runs, every
 * measurement counts what it was given, freshness sees every event, the targets are reported. Rates are never
 * asserted (DESIGN: speed is measured by the bench, not by a timed test); what is checked is that the bench measures.
 */
class BenchIT {
    private static final long EVENTS = 3_000;
    private static final long FRESHNESS_EVENTS = 200;

    @BeforeAll
    static void stack() {
        TestStack.start();
        TestSpark.session();
    }

    @ParameterizedTest
    @ValueSource(strings = {"commerce", "medallion", "receivables", "transactions"})
    void everyStepMeasuresWhatItWasGiven(String pipeline, @TempDir Path dir) {
        BenchPlan plan = PipelineRegistry.get(pipeline).benchPlan().orElseThrow();
        Map<BenchPlan.Flag, Long> flags = new LinkedHashMap<>();
        plan.flags().forEach(f -> flags.put(f, (long) Math.max(f.min(), Math.min(f.defaultValue(), 500))));
        BenchOptions options = new BenchOptions(EVENTS, FRESHNESS_EVENTS, 200, Duration.ofSeconds(1), 42,
                dir.resolve("report.json"), false, true, true, true, flags, 1_000);
        StringWriter screen = new StringWriter();
        PrintWriter out = new PrintWriter(screen, true);

        BenchReport report;
        try {
            report = new BenchRunner(plan, configs(), options, out, out).run();
        } finally {
            System.out.print(screen); // in the failsafe report, for a failure's why and each step's time
        }

        Map<String, Measurement> m = report.byKey();
        assertThat(m).containsKeys(BenchReport.PRODUCE, BenchReport.KAFKA_RAW, BenchReport.PIPELINE_NONE,
                BenchReport.SMALL_BATCHES, BenchReport.FRESHNESS);
        plan.variants().forEach(v -> assertThat(m).containsKey(v.key()));
        assertThat(m.get(BenchReport.KAFKA_RAW).count()).isEqualTo(EVENTS);
        assertThat(m.get(BenchReport.KAFKA_RAW).details()).containsEntry("rounds", 3L).containsKey("median_rate_per_s");
        for (BenchPlan.Variant v : plan.variants()) {
            Measurement run = m.get(v.key());
            assertThat(run.count()).isEqualTo(EVENTS);
            if (run.details().containsKey("bronze.rows")) {
                // The medallion's chain: every event through each of its three queries, bronze in several batches.
                assertThat(run.details()).containsEntry("bronze.rows", EVENTS).containsEntry("silver.rows", EVENTS)
                        .containsEntry("steady_rows", EVENTS);
                assertThat(run.details().get("bronze.batches")).isGreaterThanOrEqualTo(3);
            } else {
                // 3,000 events at 1,000 a batch: a first batch and steady ones after it, each phase counted.
                assertThat(run.details().get("first_batch_rows") + run.details().get("steady_rows")).isEqualTo(EVENTS);
            }
            assertThat(run.details().get("steady_batches")).isGreaterThanOrEqualTo(2);
            assertThat(run.hasSteady()).isTrue();
            assertThat(run.cpuPerThousand()).containsKeys(Measurement.PIPELINE_JVM, "kafka");
            assertThat(run.cpuPerThousand().get(Measurement.PIPELINE_JVM)).isPositive();
        }
        assertThat(m.get(BenchReport.SMALL_BATCHES).details().get("spark_batches")).isGreaterThanOrEqualTo(20);
        assertThat(report.freshness().measured()).isEqualTo(report.freshness().expected()).isPositive();
        assertThat(report.targets()).isNotEmpty().allSatisfy(t -> assertThat(t.met()).isNotNull());
        assertThat(report.toJson()).contains("\"steady_rate_per_s\"", "\"cpu_seconds_per_1000\"");
        assertThat(report.table()).contains("steady/s");
        assertThat(screen.toString()).contains("many small batches", "freshness (window 1s").contains("are deleted");
    }

    /** The bench's overrides (key paths) on top of the test stack's configuration. */
    private static Function<Map<String, String>, FluxoConfig> configs() {
        Map<String, String> env = TestStack.env();
        env.put("FLUXO_SPARK_SHUFFLE__PARTITIONS", "2");
        env.put("FLUXO_SPARK_MASTER", "local[2]");
        return overrides -> PipelineRegistry.loadConfig(null, env, overrides);
    }
}
