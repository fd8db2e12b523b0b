package io.fluxo.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ProgressReadingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void readsEveryFigureOfAStatefulKafkaQuery() {
        String progress = """
                {"id":"8c3e0f5e-0000-0000-0000-000000000001","runId":"8c3e0f5e-0000-0000-0000-000000000002",
                 "name":"commerce","timestamp":"2026-12-04T10:00:05.000Z","batchId":7,"batchDuration":1250,
                 "numInputRows":300,"inputRowsPerSecond":60.5,"processedRowsPerSecond":240.0,
                 "durationMs":{"triggerExecution":1250},
                 "eventTime":{"avg":"2026-12-04T09:59:30.000Z","max":"2026-12-04T10:00:00.000Z",
                              "min":"2026-12-04T09:59:00.000Z","watermark":"2026-12-04T09:58:00.500Z"},
                 "stateOperators":[
                   {"operatorName":"stateStoreSave","numRowsTotal":42,"numRowsUpdated":5,"numRowsDroppedByWatermark":3},
                   {"operatorName":"transformWithStateExec","numRowsTotal":10,"numRowsDroppedByWatermark":0},
                   {"operatorName":"stateStoreSave","numRowsTotal":8,"numRowsDroppedByWatermark":1}],
                 "sources":[{"description":"KafkaV2[Subscribe[commerce.events]]",
                   "startOffset":{"commerce.events":{"0":100,"1":200}},
                   "endOffset":{"commerce.events":{"0":250,"1":350}},
                   "latestOffset":{"commerce.events":{"0":260,"1":355}},
                   "numInputRows":300,"inputRowsPerSecond":60.5,"processedRowsPerSecond":240.0}],
                 "sink":{"description":"ForeachBatchSink","numOutputRows":-1}}
                """;

        ProgressReading reading = ProgressReading.parse(progress);

        assertThat(reading).isEqualTo(new ProgressReading("commerce", 300, 60.5, 240.0, 1250,
                OptionalDouble.of(1_796_378_280.5), List.of(new ProgressReading.StateOperator("stateStoreSave", 42, 3),
                        new ProgressReading.StateOperator("transformWithStateExec", 10, 0),
                        new ProgressReading.StateOperator("stateStoreSave_2", 8, 1)),
                Map.of("commerce.events", 15L)));
    }

    @Test
    void aQueryWithoutWatermarkStateOrKafkaHasNone() {
        String progress = """
                {"name":"medallion-silver","batchId":0,"batchDuration":90,"numInputRows":0,
                 "eventTime":{},"stateOperators":[],
                 "sources":[{"description":"DeltaSource[file:/lake/bronze]",
                   "endOffset":{"sourceVersion":1,"reservoirVersion":3,"index":-1},
                   "latestOffset":null,"numInputRows":0}]}
                """;

        ProgressReading reading = ProgressReading.parse(progress);

        assertThat(reading).isEqualTo(new ProgressReading("medallion-silver", 0, 0, 0, 90, OptionalDouble.empty(),
                List.of(), Map.of()));
    }

    @Test
    void sumsTheLagOfEveryKafkaSourcePerTopic() {
        String progress = """
                {"name":"two","numInputRows":1,"sources":[
                  {"description":"KafkaV2[Subscribe[a,b]]","endOffset":{"a":{"0":5},"b":{"0":1,"1":2}},
                   "latestOffset":{"a":{"0":9},"b":{"0":1,"1":7}}},
                  {"description":"KafkaV2[Subscribe[a]]","endOffset":"{\\"a\\":{\\"0\\":1}}",
                   "latestOffset":"{\\"a\\":{\\"0\\":3}}"}]}
                """;

        assertThat(ProgressReading.parse(progress).lagByTopic()).containsExactly(Map.entry("a", 6L), Map.entry("b", 5L));
    }

    @Test
    void theLagIsLatestMinusEndOverThePartitionsNeverBelowZero() throws Exception {
        assertThat(ProgressReading.lag(json("{\"t\":{\"0\":10,\"1\":20,\"2\":30}}"),
                json("{\"t\":{\"0\":15,\"1\":20,\"2\":29}}"))).containsExactly(Map.entry("t", 5L));
    }

    @Test
    void aPartitionTheBatchHasNotReadYetHasNoLagToReport() throws Exception {
        // partition 1 appeared after the batch was planned: it has no end offset to compare with
        assertThat(ProgressReading.lag(json("{\"t\":{\"0\":10}}"), json("{\"t\":{\"0\":12,\"1\":40}}")))
                .containsExactly(Map.entry("t", 2L));
    }

    @Test
    void noLatestOffsetMeansNoLag() throws Exception {
        assertThat(ProgressReading.lag(json("{\"t\":{\"0\":10}}"), json("null"))).isEmpty();
        assertThat(ProgressReading.lag(json("{\"t\":{\"0\":10}}"), json("\"not json\""))).isEmpty();
    }

    @Test
    void aRateSparkLeftOutIsZero() {
        assertThat(ProgressReading.parse("{\"name\":\"q\",\"numInputRows\":0}").inputRowsPerSecond()).isEqualTo(0.0);
    }

    @Test
    void refusesTextThatIsNotAProgress() {
        assertThatThrownBy(() -> ProgressReading.parse("[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read the progress of a query: not a JSON object");
        assertThatThrownBy(() -> ProgressReading.parse("{"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot read the progress of a query: ");
    }
}
