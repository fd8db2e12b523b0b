package io.fluxo.pipeline.medallion;

import io.fluxo.banking.TransactionParser;
import io.fluxo.sink.postgres.PostgresSettings;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The medallion's queries that read the table before them as a Delta stream: silver reads bronze
 * ({@link SilverBatchWriter}), gold reads silver ({@link GoldBatchWriter}). Each has its own checkpoint.
 */
final class DeltaStage {
    static final String SILVER = "medallion-silver";
    static final String GOLD = "medallion-gold";

    private DeltaStage() {
    }

    static StreamingQuery silver(SparkSession spark, MedallionSettings m, TransactionParser parser, boolean availableNow) {
        return start(spark, m, SILVER, MedallionTables.BRONZE, "silver", new SilverBatchWriter(m, parser), availableNow);
    }

    static StreamingQuery gold(SparkSession spark, MedallionSettings m, PostgresSettings postgres, boolean availableNow) {
        return start(spark, m, GOLD, MedallionTables.SILVER, "gold", new GoldBatchWriter(m, postgres), availableNow);
    }

    private static StreamingQuery start(SparkSession spark, MedallionSettings m, String name, String source,
            String checkpoint, VoidFunction2<Dataset<Row>, Long> writer, boolean availableNow) {
        MedallionTables.create(spark, m.lake());
        try {
            return spark.readStream().format("delta").load(m.lake().table(source))
                    .writeStream()
                    .queryName(name)
                    .option("checkpointLocation", m.lake().checkpoint(checkpoint))
                    .trigger(availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime(m.trigger().toMillis()))
                    .foreachBatch(writer)
                    .start();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot start the " + name + " query: " + e.getMessage(), e);
        }
    }
}
