package io.fluxo.pipeline.medallion;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;

import io.fluxo.config.FluxoConfig;
import io.fluxo.kafka.DataLossAudit;
import io.fluxo.kafka.KafkaSource;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Bronze: every record of the transactions topic as received (key, value, topic, partition, offset, Kafka
 * timestamp, ingest time), appended to Delta; nothing parsed or dropped. Each micro-batch is appended under the
 * query's batch number (Delta's txnAppId and txnVersion), so a batch replayed after a crash adds nothing: every
 * Kafka offset is in bronze exactly once. Offsets Kafka deleted before bronze read them are recorded by
 * {@link DataLossAudit}.
 */
final class BronzeQuery {
    static final String NAME = "medallion-bronze";
    static final String APP = "fluxo-medallion-bronze";

    private BronzeQuery() {
    }

    static StreamingQuery start(SparkSession spark, FluxoConfig config, MedallionSettings m, boolean availableNow) {
        Dataset<Row> records = KafkaSource.read(spark, config.kafka(), List.of(m.topic()), m.startingOffsets(),
                m.maxOffsetsPerTrigger());
        String checkpoint = m.lake().checkpoint("bronze");
        String table = m.lake().table(MedallionTables.BRONZE);
        VoidFunction2<Dataset<Row>, Long> append = (batch, batchId) -> MedallionTables.append(
                batch.select(col("key"), col("value"), col("topic"), col("partition"), col("offset"), col("timestamp"),
                        current_timestamp().as("ingested_at")), table, APP, batchId);
        try {
            return records.writeStream()
                    .queryName(NAME)
                    .option("checkpointLocation", checkpoint)
                    .trigger(availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime(m.trigger().toMillis()))
                    .foreachBatch(DataLossAudit.audited(MedallionCounters.PIPELINE, checkpoint, config, append))
                    .start();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot start the medallion bronze query: " + e.getMessage(), e);
        }
    }
}
