package io.fluxo.pipeline.medallion;

import io.fluxo.banking.TransactionParser;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Silver: bronze read as a Delta stream, parsed with the transactions rules, typed, deduplicated by
 * {@code id_transacao} within the dedup window, appended to Delta; invalid records to the quarantine table
 * ({@link SilverBatchWriter}).
 */
final class SilverQuery {
    static final String NAME = "medallion-silver";

    private SilverQuery() {
    }

    static StreamingQuery start(SparkSession spark, MedallionSettings m, TransactionParser parser, boolean availableNow) {
        MedallionTables.create(spark, m.lake());
        try {
            return spark.readStream().format("delta").load(m.lake().table(MedallionTables.BRONZE))
                    .writeStream()
                    .queryName(NAME)
                    .option("checkpointLocation", m.lake().checkpoint("silver"))
                    .trigger(availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime(m.trigger().toMillis()))
                    .foreachBatch(new SilverBatchWriter(m, parser))
                    .start();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot start the medallion silver query: " + e.getMessage(), e);
        }
    }
}
