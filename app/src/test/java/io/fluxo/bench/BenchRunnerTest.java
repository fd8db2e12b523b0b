package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {
    @Test
    void theFastestPassIsKeptWithEveryPassInItsDetails() {
        Measurement slow = Measurement.of(BenchReport.PIPELINE_NONE, "pipeline, sinks none", 50_000, "events",
                Duration.ofMillis(7_280), 700L << 20).withDetails(Map.of("transactions", 50_000L));
        Measurement fast = Measurement.of(BenchReport.PIPELINE_NONE, "pipeline, sinks none", 50_000, "events",
                Duration.ofMillis(5_010), 600L << 20).withDetails(Map.of("transactions", 50_000L));
        Measurement best = BenchRunner.best(List.of(slow, fast));
        assertThat(best.name()).isEqualTo("pipeline, sinks none (best of 2)");
        assertThat(best.elapsed()).isEqualTo(Duration.ofMillis(5_010));
        assertThat(best.peakHeapBytes()).isEqualTo(600L << 20);
        assertThat(best.details()).containsExactly(Map.entry("transactions", 50_000L), Map.entry("passes", 2L),
                Map.entry("best_pass", 2L), Map.entry("pass_1_ms", 7_280L), Map.entry("pass_2_ms", 5_010L));
    }

    @Test
    void aTieKeepsTheEarlierPass() {
        Measurement first = Measurement.of("k", "n", 1, "events", Duration.ofMillis(10), 1);
        Measurement second = Measurement.of("k", "n", 1, "events", Duration.ofMillis(10), 2);
        assertThat(BenchRunner.best(List.of(first, second)).peakHeapBytes()).isEqualTo(1);
        assertThat(BenchRunner.best(List.of(first, second)).details()).containsEntry("best_pass", 1L);
    }

    @Test
    void theSmallBatchesProfileLiesBesideTheSinksNoneOne() {
        assertThat(BenchRunner.smallBatchesProfile(java.nio.file.Path.of("/tmp/p/rec.html")))
                .isEqualTo(java.nio.file.Path.of("/tmp/p/rec-small-batches.html"));
        assertThat(BenchRunner.smallBatchesProfile(java.nio.file.Path.of("rec")))
                .isEqualTo(java.nio.file.Path.of("rec-small-batches"));
    }

    @Test
    void aRawProbeRunsItsWorkOnceToWarmUpThenInRoundsAndKeepsTheBest() {
        BenchOptions options = new BenchOptions(1, 1, 1, Duration.ofSeconds(1), 42, null, false, true, true, true, Map.of());
        java.io.PrintWriter quiet = new java.io.PrintWriter(java.io.Writer.nullWriter());
        BenchRunner runner = new BenchRunner(null, c -> null, options, quiet, quiet);
        java.util.Iterator<Long> millis = List.of(900L, 500L, 300L, 400L).iterator(); // the first is the warm-up
        int[] calls = {0};
        Measurement m = runner.rounds("k", "probe", 1_000, "rows", () -> {
            calls[0]++;
            return Duration.ofMillis(millis.next());
        });
        assertThat(calls[0]).isEqualTo(BenchPlan.Meter.RUNS).isEqualTo(4);
        assertThat(m.elapsed()).isEqualTo(Duration.ofMillis(300));
        assertThat(m.name()).isEqualTo("probe (best of 3)");
        assertThat(m.details()).containsEntry("median_ms", 400L).containsEntry("median_rate_per_s", 2_500L)
                .containsEntry("round_1_ms", 500L).containsEntry("round_3_ms", 400L).containsEntry("warmup_rounds", 1L);
    }
}
