package io.fluxo.pipeline.medallion;

import io.fluxo.sink.postgres.PostgresSettings;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Gold: silver read as a Delta stream; per event-time minute × region × modality the count and amounts, kept current
 * in Delta (MERGE) and in PostgreSQL; rows behind the gold watermark to gold/late ({@link GoldBatchWriter}).
 */
final class GoldQuery {
    static final String NAME = "medallion-gold";

    private GoldQuery() {
    }

    static StreamingQuery start(SparkSession spark, MedallionSettings m, PostgresSettings postgres, boolean availableNow) {
        MedallionTables.create(spark, m.lake());
        try {
            return spark.readStream().format("delta").load(m.lake().table(MedallionTables.SILVER))
                    .writeStream()
                    .queryName(NAME)
                    .option("checkpointLocation", m.lake().checkpoint("gold"))
                    .trigger(availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime(m.trigger().toMillis()))
                    .foreachBatch(new GoldBatchWriter(m, postgres))
                    .start();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot start the medallion gold query: " + e.getMessage(), e);
        }
    }
}
