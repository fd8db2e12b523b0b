package io.fluxo.pipeline.transactions;

import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The transactions pipeline's settings (fluxo.transactions.*). */
public record TransactionsSettings(String topic, String dlqTopic, String ledgerTopic, String alertsTopic, String format,
        String avroSchemaFile, Duration window, int maxPayloadBytes, int maxIdBytes, long maxOffsetsPerTrigger, String startingOffsets,
        int partitions, RiskWeights weights, Duration rememberIds, boolean postgresSink) implements Serializable {

    public static final ConfigSection<TransactionsSettings> SECTION = new ConfigSection<>() {
        @Override
        public String path() {
            return "fluxo.transactions";
        }

        @Override
        public TransactionsSettings read(ConfigReader r) {
            String format = r.string("fluxo.transactions.format");
            r.check(format.equals("json") || format.equals("avro"),
                    "Invalid fluxo.transactions.format: " + format + " (use json or avro)");
            String sinks = r.string("fluxo.transactions.sinks").strip();
            r.check(sinks.equals("postgres") || sinks.equals("none"),
                    "Invalid fluxo.transactions.sinks: " + sinks + " (use postgres or none)");
            String startingOffsets = r.startingOffsets("fluxo.transactions.starting-offsets");
            String schemaFile = r.string("fluxo.transactions.avro-schema-file");
            r.check(schemaFile.isEmpty() || Files.isRegularFile(Path.of(schemaFile)),
                    "Invalid fluxo.transactions.avro-schema-file: " + schemaFile + " (no such file)");
            RiskWeights weights = RiskWeights.DEFAULTS;
            try {
                weights = new RiskWeights(r.fraction("fluxo.transactions.risk.weights.amount"),
                        r.fraction("fluxo.transactions.risk.weights.hour"),
                        r.fraction("fluxo.transactions.risk.weights.distance"),
                        r.fraction("fluxo.transactions.risk.weights.velocity"), r.fraction("fluxo.transactions.risk.threshold"),
                        (int) r.durationAtLeast("fluxo.transactions.risk.velocity-window", Duration.ofMinutes(1)).toMinutes(),
                        r.intAtLeast("fluxo.transactions.risk.velocity-saturation", 1));
            } catch (IllegalArgumentException e) {
                r.check(false, "Invalid fluxo.transactions.risk: " + e.getMessage());
            }
            return new TransactionsSettings(r.string("fluxo.transactions.topic"), r.string("fluxo.transactions.dlq-topic"),
                    r.string("fluxo.transactions.ledger-topic"), r.string("fluxo.transactions.alerts-topic"), format,
                    schemaFile, r.durationAtLeast("fluxo.transactions.window", Duration.ofSeconds(1)),
                    r.intAtLeast("fluxo.transactions.max-payload-bytes", 64), r.intAtLeast("fluxo.transactions.max-id-bytes", 1),
                    r.longAtLeast("fluxo.transactions.max-offsets-per-trigger", 0), startingOffsets,
                    r.intAtLeast("fluxo.transactions.partitions", 1), weights,
                    r.durationAtLeast("fluxo.transactions.remember-ids", Duration.ofMinutes(1)), sinks.equals("postgres"));
        }
    };

    public static TransactionsSettings of(FluxoConfig config) {
        return config.section(SECTION);
    }

    public List<String> inputTopics() {
        return List.of(topic, ledgerTopic);
    }
}
