package io.fluxo.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OffsetLogTest {
    @Test
    void readsTheBatchWatermarkFromTheMetadataLine() {
        String log = "v1\n{\"batchWatermarkMs\":1772452851000,\"batchTimestampMs\":1772452900000,\"conf\":{}}\n"
                + "{\"sales\":{\"0\":12,\"1\":7}}";
        assertThat(OffsetLog.batchWatermarkMs(log)).isEqualTo(1_772_452_851_000L);
        assertThat(OffsetLog.batchWatermarkMs("v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":1}\n")).isZero();
    }

    @Test
    void refusesWhatIsNoOffsetLog() {
        assertThatThrownBy(() -> OffsetLog.batchWatermarkMs("hello")).hasMessage("Not a Spark offset log: hello");
        assertThatThrownBy(() -> OffsetLog.batchWatermarkMs("v1\n{\"batchTimestampMs\":1}\n"))
                .hasMessage("Spark offset log without batchWatermarkMs: {\"batchTimestampMs\":1}");
    }
}
