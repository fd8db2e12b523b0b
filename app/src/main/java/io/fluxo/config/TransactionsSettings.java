package io.fluxo.config;

import io.fluxo.pipeline.transactions.RiskWeights;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** The transactions pipeline's settings (fluxo.transactions.*). */
public record TransactionsSettings(String topic, String dlqTopic, String ledgerTopic, String alertsTopic, String format,
        String avroSchemaFile, Duration window, int maxPayloadBytes, long maxOffsetsPerTrigger, String startingOffsets,
        int partitions, RiskWeights weights, Duration rememberIds, boolean postgresSink) implements Serializable {

    public List<String> inputTopics() {
        return List.of(topic, ledgerTopic);
    }
}
