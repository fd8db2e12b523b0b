package io.fluxo.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.kafka.DataLossGaps.Range;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The gap arithmetic with hand-computed offsets. */
class DataLossGapsTest {
    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final TopicPartition B0 = new TopicPartition("b", 0);

    @Test
    void aLogThatNowBeginsAfterTheBatchStartLostTheOffsetsInBetween() {
        // batch reads [100, 250); Kafka now begins at 150: 100..149 are gone, 50 offsets
        assertThat(DataLossGaps.lost(Map.of(A0, 100L), Map.of(A0, 250L), Map.of(A0, 150L)))
                .containsExactly(new Range(A0, 100, 150));
        assertThat(new Range(A0, 100, 150).count()).isEqualTo(50);
    }

    @Test
    void nothingIsLostWhenTheLogBeginsAtOrBeforeTheStart() {
        assertThat(DataLossGaps.lost(Map.of(A0, 100L), Map.of(A0, 250L), Map.of(A0, 100L))).isEmpty();
        assertThat(DataLossGaps.lost(Map.of(A0, 100L), Map.of(A0, 250L), Map.of(A0, 0L))).isEmpty();
    }

    @Test
    void aGapIsCutAtTheBatchEndAndTheRestIsTheNextBatchs() {
        // batch [100, 120), log begins at 300: this batch lost 20, the next batch [120, 400) loses 180
        assertThat(DataLossGaps.lost(Map.of(A0, 100L), Map.of(A0, 120L), Map.of(A0, 300L)))
                .containsExactly(new Range(A0, 100, 120));
        assertThat(DataLossGaps.lost(Map.of(A0, 120L), Map.of(A0, 400L), Map.of(A0, 300L)))
                .containsExactly(new Range(A0, 120, 300));
        // an empty batch loses nothing, even when the log moved past its end
        assertThat(DataLossGaps.lost(Map.of(A0, 120L), Map.of(A0, 120L), Map.of(A0, 300L))).isEmpty();
    }

    @Test
    void aNewPartitionIsReadFromZeroAndAPartitionKafkaNoLongerHasIsSkipped() {
        // A1 is new to the query: Spark reads it from its beginning, which is now 7
        assertThat(DataLossGaps.lost(Map.of(A0, 5L), Map.of(A0, 9L, A1, 30L, B0, 4L), Map.of(A0, 5L, A1, 7L)))
                .containsExactly(new Range(A1, 0, 7));
    }

    @Test
    void gapsComeInTopicAndPartitionOrder() {
        assertThat(DataLossGaps.lost(Map.of(B0, 1L, A1, 2L, A0, 3L), Map.of(B0, 10L, A1, 10L, A0, 10L),
                Map.of(B0, 4L, A1, 5L, A0, 6L)))
                .containsExactly(new Range(A0, 3, 6), new Range(A1, 2, 5), new Range(B0, 1, 4));
    }

    @Test
    void onlyThePartsOfAGapThatNoRecordedRangeCoversAreNew() {
        Range gap = new Range(A0, 100, 180);
        assertThat(DataLossGaps.uncovered(gap, List.of())).containsExactly(gap);
        assertThat(DataLossGaps.uncovered(gap, List.of(new Range(A0, 100, 180)))).isEmpty();
        // the first attempt recorded [100, 150); retention went on before the replay
        assertThat(DataLossGaps.uncovered(gap, List.of(new Range(A0, 100, 150)))).containsExactly(new Range(A0, 150, 180));
        assertThat(DataLossGaps.uncovered(gap, List.of(new Range(A0, 120, 130), new Range(A0, 90, 105))))
                .containsExactly(new Range(A0, 105, 120), new Range(A0, 130, 180));
        // ranges of other partitions, or outside the gap, cover nothing
        assertThat(DataLossGaps.uncovered(gap, List.of(new Range(A1, 100, 180), new Range(A0, 0, 100), new Range(A0, 180, 200))))
                .containsExactly(gap);
        assertThat(DataLossGaps.uncovered(gap, List.of(new Range(A0, 50, 500)))).isEmpty();
    }

    @Test
    void theKafkaOffsetsOfAnOffsetLogFileAreItsKafkaSourceLines() {
        String file = "v1\n"
                + "{\"batchWatermarkMs\":0,\"batchTimestampMs\":1700000000000,\"conf\":{\"spark.sql.shuffle.partitions\":\"2\"}}\n"
                + "{\"a\":{\"1\":42,\"0\":17}}\n"
                + "{\"sourceVersion\":1,\"reservoirId\":\"x\",\"reservoirVersion\":3,\"index\":-1}\n"
                + "{\"b\":{\"0\":5}}";
        assertThat(DataLossGaps.kafkaOffsets(file)).containsExactlyInAnyOrderEntriesOf(Map.of(A0, 17L, A1, 42L, B0, 5L));
        // a source's initial offsets start with a zero byte (Spark 2.1 compatibility)
        assertThat(DataLossGaps.kafkaOffsets("\u0000v1\n{\"a\":{\"0\":3}}")).containsExactly(Map.entry(A0, 3L));
        assertThat(DataLossGaps.kafkaOffsets("v1\n{}\n-\n{\"a\":{\"x\":1}}")).isEmpty();
    }
}
