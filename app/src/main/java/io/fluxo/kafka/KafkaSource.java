package io.fluxo.kafka;

import io.fluxo.config.FluxoConfig.KafkaSettings;
import java.util.Collection;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;

/** The Kafka source every pipeline reads with: the same options, the user's pass-through properties last. */
public final class KafkaSource {
    private KafkaSource() {
    }

    /** key, value, topic, partition, offset, timestamp of the given topics. */
    public static Dataset<Row> read(SparkSession spark, KafkaSettings kafka, Collection<String> topics,
            String startingOffsets, long maxOffsetsPerTrigger) {
        DataStreamReader reader = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", kafka.bootstrapServers())
                .option("subscribe", String.join(",", topics))
                .option("startingOffsets", startingOffsets)
                // Offsets already deleted by retention are skipped, not a reason to stop forever; DataLossAudit
                // records them (the pipelines wrap their batch writer in DataLossAudit.audited).
                .option("failOnDataLoss", "false")
                // Records written in Kafka transactions (ledger credits) are read only once committed.
                .option("kafka.isolation.level", "read_committed")
                // Spark asks the broker for offset ranges it knows exist and looks up the partition's range
                // after every poll; a fetch parked at the log end for the default 500 ms holds that look-up up
                // (one request at a time per connection), which cost seconds per micro-batch.
                .option("kafka.fetch.max.wait.ms", "10")
                .option("kafka.max.poll.records", "5000");
        kafka.properties().forEach((k, v) -> reader.option("kafka." + k, v));
        if (maxOffsetsPerTrigger > 0) {
            reader.option("maxOffsetsPerTrigger", maxOffsetsPerTrigger);
        }
        return reader.load().select("key", "value", "topic", "partition", "offset", "timestamp");
    }
}
