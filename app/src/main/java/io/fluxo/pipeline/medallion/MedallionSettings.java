package io.fluxo.pipeline.medallion;

import static java.util.Objects.requireNonNull;

import io.fluxo.amount.SubCentPolicy;
import io.fluxo.banking.TransactionParser;
import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import io.fluxo.sink.delta.LakeSettings;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the medallion queries read and where they write (DESIGN §1.3).
 *
 * @param topic the bank transactions topic bronze reads
 * @param lake where the Delta tables and the queries' checkpoints live
 * @param dedupWindow silver drops a transaction whose id it holds with an event time within this of the new one
 * @param goldWatermark a silver row whose event time is more than this behind the newest one gold has taken goes to
 *     gold/late instead of its minute
 * @param trigger the micro-batch interval of a continuous run
 * @param maxOffsetsPerTrigger Kafka records per bronze batch at most; 0: no limit
 * @param startingOffsets where bronze starts on its first run: "earliest" or "latest"
 * @param format how bronze's values are written: "json" or "avro" (then {@code avroSchemaFile}, empty: the bundled
 *     schema); silver parses them with the transactions rules and these limits
 * @param partitions of the topic, when the pipeline creates it
 * @param postgresSink gold also upserts into PostgreSQL gold_transacoes_minuto ({@code sinks = "postgres"}); false
 *     ({@code "none"}): the lake only
 */
public record MedallionSettings(String topic, LakeSettings lake, Duration dedupWindow, Duration goldWatermark,
        Duration trigger, long maxOffsetsPerTrigger, String startingOffsets, String format, String avroSchemaFile,
        int maxPayloadBytes, int maxIdBytes, int partitions, boolean postgresSink) implements Serializable {
    static final String PATH = "fluxo.medallion";

    static MedallionSettings of(io.fluxo.config.FluxoConfig config) {
        return config.section(SECTION);
    }

    /** {@code fluxo.medallion}: the lake, the topic, the windows and the Kafka limits; its parser settings apart. */
    static final ConfigSection<MedallionSettings> SECTION = new ConfigSection<>() {
        @Override
        public String path() {
            return PATH;
        }

        @Override
        public MedallionSettings read(ConfigReader r) {
            String format = r.string(PATH + ".format");
            r.check(format.equals("json") || format.equals("avro"),
                    "Invalid " + PATH + ".format: " + format + " (must be json or avro)");
            String schemaFile = r.string(PATH + ".avro-schema-file");
            r.check(schemaFile.isEmpty() || Files.isRegularFile(Path.of(schemaFile)),
                    "Invalid " + PATH + ".avro-schema-file: " + schemaFile + " (no such file)");
            String sinks = r.string(PATH + ".sinks").strip();
            r.check(sinks.equals("postgres") || sinks.equals("none"),
                    "Invalid " + PATH + ".sinks: " + sinks + " (use postgres or none)");
            return new MedallionSettings(r.string(PATH + ".topic"), LakeSettings.read(r, PATH),
                    r.durationAtLeast(PATH + ".dedup-window", Duration.ofSeconds(1)),
                    r.durationAtLeast(PATH + ".gold-watermark", Duration.ZERO),
                    r.durationAtLeast(PATH + ".trigger", Duration.ofSeconds(1)),
                    r.longAtLeast(PATH + ".max-offsets-per-trigger", 0), r.startingOffsets(PATH + ".starting-offsets"),
                    format, schemaFile, r.intAtLeast(PATH + ".max-payload-bytes", 64), r.intAtLeast(PATH + ".max-id-bytes", 1),
                    r.intAtLeast(PATH + ".partitions", 1), sinks.equals("postgres"));
        }
    };

    /** The parser silver reads bronze's values with: the transactions rules, in this format and with these limits. */
    TransactionParser parser(SubCentPolicy subCent) {
        return TransactionParser.of(format, avroSchemaFile, maxPayloadBytes, maxIdBytes, subCent);
    }

    public MedallionSettings {
        requireNonNull(topic, "topic");
        requireNonNull(lake, "lake");
        requireNonNull(dedupWindow, "dedupWindow");
        requireNonNull(goldWatermark, "goldWatermark");
        requireNonNull(trigger, "trigger");
        requireNonNull(startingOffsets, "startingOffsets");
        requireNonNull(format, "format");
        requireNonNull(avroSchemaFile, "avroSchemaFile");
    }
}
