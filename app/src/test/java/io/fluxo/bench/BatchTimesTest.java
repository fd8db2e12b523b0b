package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTimesTest {
    @Test
    void theFirstBatchIsApartFromTheSteadyOnes() {
        BatchTimes t = BatchTimes.of(List.of(new BatchTimes.Batch(1_000, 5_000, 4_000), new BatchTimes.Batch(1_000, 400, 300),
                new BatchTimes.Batch(1_000, 600, 500), new BatchTimes.Batch(500, 200, 150)));
        assertThat(t.batches()).isEqualTo(4);
        assertThat(t.inputRows()).isEqualTo(3_500);
        assertThat(t.triggerMillis()).isEqualTo(6_200);
        assertThat(t.firstRows()).isEqualTo(1_000);
        assertThat(t.firstTriggerMillis()).isEqualTo(5_000);
        assertThat(t.steadyBatches()).isEqualTo(3);
        assertThat(t.steadyRows()).isEqualTo(2_500);
        assertThat(t.steadyTriggerMillis()).isEqualTo(1_200);
        assertThat(t.medianSteadyTriggerMillis()).isEqualTo(400); // 200, 400, 600
        Measurement m = Measurement.of("k", "n", 3_500, "events", Duration.ofMillis(7_000), -1).withDetails(t.details());
        assertThat(m.hasSteady()).isTrue();
        assertThat(m.steadyRate()).isEqualTo(2_500 * 1000.0 / 1_200);
        assertThat(t.details()).containsEntry("first_batch_ms", 5_000L).containsEntry("steady_rows", 2_500L)
                .containsEntry("steady_batch_ms_median", 400L);
    }

    @Test
    void oneBatchHasNoSteadyPart() {
        BatchTimes t = BatchTimes.of(List.of(new BatchTimes.Batch(10, 900, 800)));
        assertThat(t.steadyBatches()).isZero();
        Measurement m = Measurement.of("k", "n", 10, "events", Duration.ofMillis(1_000), -1).withDetails(t.details());
        assertThat(m.hasSteady()).isFalse();
        assertThat(m.steadyRate()).isEqualTo(10.0); // the whole step's rate: 10 events in 1 s
        assertThat(t.medianSteadyTriggerMillis()).isZero();
    }

    @Test
    void theMedianOfAnEvenCountIsTheLowerMiddle() {
        assertThat(BatchTimes.median(List.of(40L, 10L, 30L, 20L))).isEqualTo(20);
        assertThat(BatchTimes.median(List.of())).isZero();
    }
}
