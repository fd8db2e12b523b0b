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
}
