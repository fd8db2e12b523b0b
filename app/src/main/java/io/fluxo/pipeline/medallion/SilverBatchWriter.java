package io.fluxo.pipeline.medallion;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;

import io.fluxo.banking.TransactionParser;
import io.fluxo.pipeline.PipelineMetrics;
import java.sql.Timestamp;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * One silver micro-batch: bronze rows parsed ({@link ParseBronze}); the valid ones deduplicated by
 * {@code id_transacao} — within the batch (the first in Kafka order stays) and against silver's rows whose event
 * time is within the dedup window — and appended to silver; the invalid ones appended to the quarantine. Both
 * appends carry the query's id and batch number (Delta's txnAppId and txnVersion), so a batch replayed after a
 * crash writes nothing twice. A duplicate is in neither table; it is counted.
 */
final class SilverBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
    private static final long serialVersionUID = 1L;
    static final String SILVER_APP = "fluxo-medallion-silver";
    static final String QUARANTINE_APP = "fluxo-medallion-quarantine";

    private final MedallionSettings settings;
    private final TransactionParser parser;

    SilverBatchWriter(MedallionSettings settings, TransactionParser parser) {
        this.settings = settings;
        this.parser = parser;
    }

    @Override
    public void call(Dataset<Row> bronze, Long batchId) {
        long started = System.nanoTime();
        Dataset<Row> parsed = bronze.mapPartitions(new ParseBronze(parser), Encoders.row(MedallionTables.PARSED_SCHEMA))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> valid = parsed.filter(col("reason").isNull()).select(columns(MedallionTables.SILVER_SCHEMA));
            Dataset<Row> firstInBatch = valid
                    .withColumn("n", row_number().over(Window.partitionBy("id_transacao")
                            .orderBy("kafka_topic", "kafka_partition", "kafka_offset")))
                    .filter(col("n").equalTo(1)).drop("n")
                    .persist(StorageLevel.MEMORY_AND_DISK()); // read for the range, the join and the replay check
            Dataset<Row> held = heldAround(firstInBatch).persist(StorageLevel.MEMORY_AND_DISK());
            Dataset<Row> unique = notIn(firstInBatch, held).persist(StorageLevel.MEMORY_AND_DISK());
            try {
                long validRows = valid.count();
                long uniqueRows = unique.count();
                // Rows silver holds from these very bronze records: this batch written before a crash, now replayed.
                long replayed = firstInBatch.join(held, col("id_transacao").equalTo(col("held_id"))
                        .and(col("kafka_topic").equalTo(col("held_topic")))
                        .and(col("kafka_partition").equalTo(col("held_partition")))
                        .and(col("kafka_offset").equalTo(col("held_offset"))), "left_semi").count();
                MedallionTables.append(unique, settings.lake().table(MedallionTables.SILVER), SILVER_APP, batchId);
                Dataset<Row> rejected = parsed.filter(col("reason").isNotNull())
                        .select(columns(MedallionTables.QUARANTINE_SCHEMA));
                long quarantined = rejected.count();
                MedallionTables.append(rejected, settings.lake().table(MedallionTables.QUARANTINE), QUARANTINE_APP,
                        batchId);
                PipelineMetrics metrics = PipelineMetrics.of(MedallionCounters.PIPELINE);
                metrics.add(MedallionCounters.SILVER_ROWS, uniqueRows);
                metrics.add(MedallionCounters.DUPLICATES, validRows - uniqueRows - replayed);
                metrics.add(MedallionCounters.QUARANTINED, quarantined);
                metrics.batchWritten((System.nanoTime() - started) / 1_000_000);
            } finally {
                unique.unpersist();
                held.unpersist();
                firstInBatch.unpersist();
            }
        } finally {
            parsed.unpersist();
        }
    }

    /** The columns of a table, in its order, cast to its types. */
    private static Column[] columns(StructType schema) {
        String[] names = schema.fieldNames();
        Column[] cols = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            cols[i] = col(names[i]).cast(schema.fields()[i].dataType());
        }
        return cols;
    }

    /** Silver's rows around the batch's event times (within the dedup window), as held_* columns; none for an empty batch. */
    private Dataset<Row> heldAround(Dataset<Row> rows) {
        Dataset<Row> silver = rows.sparkSession().read().format("delta").load(settings.lake().table(MedallionTables.SILVER));
        Row range = rows.agg(min("data_horario"), max("data_horario")).first();
        long window = settings.dedupWindow().toMillis();
        Dataset<Row> around = range.isNullAt(0) ? silver.limit(0) : silver.filter(col("data_horario").between(
                new Timestamp(range.getTimestamp(0).getTime() - window), new Timestamp(range.getTimestamp(1).getTime() + window)));
        return around.select(col("id_transacao").as("held_id"), col("data_horario").as("held_time"),
                col("kafka_topic").as("held_topic"), col("kafka_partition").as("held_partition"),
                col("kafka_offset").as("held_offset"));
    }

    /** The rows whose id silver does not hold with an event time within the dedup window of theirs. */
    private Dataset<Row> notIn(Dataset<Row> rows, Dataset<Row> held) {
        long window = settings.dedupWindow().toMillis();
        return rows.join(held, col("id_transacao").equalTo(col("held_id"))
                .and(expr("abs(unix_millis(held_time) - unix_millis(data_horario)) <= " + window)), "left_anti");
    }
}
