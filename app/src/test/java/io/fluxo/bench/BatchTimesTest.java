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

    /**
     * bronze: 3 batches of 1,000 rows (steady: 2,000 rows in 400 ms, 0.2 ms a row); silver: one batch of 3,000 rows in
     * 900 ms (no steady part: 0.3 ms a row); gold: 2 batches (steady: 1,000 rows in 100 ms, 0.1 ms a row). Each of
     * the 3,000 events costs 0.2 + 0.3 + 0.1 = 0.6 ms through the chain: 1,800 ms.
     */
    @Test
    void aChainCostsEachEventEveryQueryItPassesThrough() {
        BatchTimes bronze = BatchTimes.of(List.of(new BatchTimes.Batch(1_000, 2_000, 1_900),
                new BatchTimes.Batch(1_000, 300, 250), new BatchTimes.Batch(1_000, 100, 90)));
        BatchTimes silver = BatchTimes.of(List.of(new BatchTimes.Batch(3_000, 900, 800)));
        BatchTimes gold = BatchTimes.of(List.of(new BatchTimes.Batch(2_000, 700, 650), new BatchTimes.Batch(1_000, 100, 80)));

        BatchTimes chain = BatchTimes.chain(List.of(bronze, silver, gold), 3_000);

        assertThat(chain.batches()).isEqualTo(6);
        assertThat(chain.inputRows()).isEqualTo(3_000);
        assertThat(chain.triggerMillis()).isEqualTo(2_400 + 900 + 800);
        assertThat(chain.maxTriggerMillis()).isEqualTo(2_000);
        assertThat(chain.addBatchMillis()).isEqualTo(2_240 + 800 + 730);
        assertThat(chain.firstRows()).isEqualTo(1_000);
        assertThat(chain.firstTriggerMillis()).isEqualTo(2_000 + 900 + 700);
        assertThat(chain.steadyBatches()).isEqualTo(3);
        assertThat(chain.steadyRows()).isEqualTo(3_000);
        assertThat(chain.steadyTriggerMillis()).isEqualTo(1_800);
        assertThat(chain.medianSteadyTriggerMillis()).isEqualTo(100); // 100, 100, 300
        assertThat(bronze.stageDetails("bronze", 2_600)).containsEntry("bronze.ms", 2_600L)
                .containsEntry("bronze.rows", 3_000L).containsEntry("bronze.batches", 3L)
                .containsEntry("bronze.trigger_ms", 2_400L).containsEntry("bronze.steady_rows", 2_000L)
                .containsEntry("bronze.steady_ms", 400L);
    }

    @Test
    void aChainOfSingleBatchesHasNoSteadyPart() {
        BatchTimes chain = BatchTimes.chain(List.of(BatchTimes.of(List.of(new BatchTimes.Batch(10, 900, 800))),
                BatchTimes.of(List.of(new BatchTimes.Batch(10, 500, 400)))), 10);
        assertThat(chain.steadyBatches()).isZero();
        assertThat(chain.steadyRows()).isZero();
        assertThat(chain.triggerMillis()).isEqualTo(1_400);
    }

    @Test
    void aChainOfOneQueryIsThatQuerysTimes() {
        BatchTimes one = BatchTimes.of(List.of(new BatchTimes.Batch(1_000, 2_000, 1_900),
                new BatchTimes.Batch(2_000, 400, 350)));

        BatchTimes chain = BatchTimes.chain(List.of(one), 3_000);

        assertThat(chain).isEqualTo(one);
        assertThat(chain.steadyRows()).isEqualTo(2_000);
        assertThat(chain.firstRows() + chain.steadyRows()).isEqualTo(3_000);
    }
}
