package io.fluxo.pipeline.medallion;

import io.delta.tables.DeltaTable;
import io.fluxo.sink.delta.LakeSettings;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/** The medallion's Delta tables under the lake (DESIGN §1.3): their places and their columns. */
final class MedallionTables {
    static final String BRONZE = "bronze/bank_transactions";
    static final String SILVER = "silver/bank_transactions";
    static final String QUARANTINE = "silver/quarantine";
    static final String GOLD = "gold/transacoes_minuto";
    static final String LATE = "gold/late";
    static final String WATERMARKS = "gold/watermarks";
    static final String REFUSED = "gold/refused";

    static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);

    /** Bronze: a Kafka record as received, and when bronze read it. */
    static final StructType BRONZE_SCHEMA = new StructType()
            .add("key", DataTypes.BinaryType, true)
            .add("value", DataTypes.BinaryType, true)
            .add("topic", DataTypes.StringType, true)
            .add("partition", DataTypes.IntegerType, true)
            .add("offset", DataTypes.LongType, true)
            .add("timestamp", DataTypes.TimestampType, true)
            .add("ingested_at", DataTypes.TimestampType, true);

    /** Silver: a typed, valid, deduplicated transaction and the bronze record it came from. */
    static final StructType SILVER_SCHEMA = new StructType()
            .add("id_transacao", DataTypes.StringType, false)
            .add("id_usuario_pagador", DataTypes.StringType, false)
            .add("id_usuario_recebedor", DataTypes.StringType, false)
            .add("id_regiao", DataTypes.StringType, false)
            .add("modalidade_pagamento", DataTypes.StringType, false)
            .add("data_horario", DataTypes.TimestampType, false)
            .add("valor_transacao", MONEY, false)
            .add("valor_enviado", DataTypes.StringType, true)
            .add("kafka_topic", DataTypes.StringType, false)
            .add("kafka_partition", DataTypes.IntegerType, false)
            .add("kafka_offset", DataTypes.LongType, false);

    /** Quarantine: a bronze record silver refused, why, and where it is in bronze (and Kafka). */
    static final StructType QUARANTINE_SCHEMA = new StructType()
            .add("reason", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, false)
            .add("kafka_topic", DataTypes.StringType, false)
            .add("kafka_partition", DataTypes.IntegerType, false)
            .add("kafka_offset", DataTypes.LongType, false)
            .add("kafka_timestamp", DataTypes.TimestampType, true)
            .add("key", DataTypes.BinaryType, true)
            .add("value", DataTypes.BinaryType, true);

    /** Gold: per event-time minute × region × modality, the count and amounts; ultimo_evento feeds the watermark. */
    static final StructType GOLD_SCHEMA = new StructType()
            .add("minuto", DataTypes.TimestampType, false)
            .add("id_regiao", DataTypes.StringType, false)
            .add("modalidade_pagamento", DataTypes.StringType, false)
            .add("quantidade", DataTypes.LongType, false)
            .add("valor_total", MONEY, false)
            .add("valor_medio", MONEY, false)
            .add("valor_maximo", MONEY, false)
            .add("valor_minimo", MONEY, false)
            .add("ultimo_evento", DataTypes.TimestampType, false);

    /** Late: a silver row behind gold's watermark, kept with the watermark it missed and by how much. */
    static final StructType LATE_SCHEMA = SILVER_SCHEMA
            .add("watermark", DataTypes.TimestampType, false)
            .add("lateness_ms", DataTypes.LongType, false);

    /**
     * The watermark each gold batch used, written before the batch's other writes: a replay of the batch (after a
     * crash) uses the same one, though gold has taken the batch's rows since. Null: gold was empty.
     */
    static final StructType WATERMARKS_SCHEMA = new StructType()
            .add("query_id", DataTypes.StringType, false)
            .add("batch_id", DataTypes.LongType, false)
            .add("watermark", DataTypes.TimestampType, true);

    /** A gold row PostgreSQL refused for good: SINK_REJECTED, the server's SQLSTATE and message, the row, the batch. */
    static final StructType REFUSED_SCHEMA = new StructType()
            .add("reason", DataTypes.StringType, false)
            .add("sql_state", DataTypes.StringType, true)
            .add("error", DataTypes.StringType, false)
            .add("minuto", DataTypes.TimestampType, false)
            .add("id_regiao", DataTypes.StringType, false)
            .add("modalidade_pagamento", DataTypes.StringType, false)
            .add("quantidade", DataTypes.LongType, false)
            .add("valor_total", MONEY, false)
            .add("valor_medio", MONEY, false)
            .add("valor_maximo", MONEY, false)
            .add("valor_minimo", MONEY, false)
            .add("batch_id", DataTypes.LongType, false);

    /** What parsing one bronze record gives: the silver columns when valid, reason and error when not. */
    static final StructType PARSED_SCHEMA = nullable(SILVER_SCHEMA).add("reason", DataTypes.StringType, true)
            .add("error", DataTypes.StringType, true)
            .add("kafka_timestamp", DataTypes.TimestampType, true)
            .add("key", DataTypes.BinaryType, true)
            .add("value", DataTypes.BinaryType, true);

    private MedallionTables() {
    }

    /**
     * Creates the tables that are missing, empty, so that a query can read the one before it from its first start
     * (a Delta stream needs its table to exist).
     */
    static void create(SparkSession spark, LakeSettings lake) {
        createIfMissing(spark, lake.table(BRONZE), BRONZE_SCHEMA);
        createIfMissing(spark, lake.table(SILVER), SILVER_SCHEMA);
        createIfMissing(spark, lake.table(QUARANTINE), QUARANTINE_SCHEMA);
        createIfMissing(spark, lake.table(GOLD), GOLD_SCHEMA);
        createIfMissing(spark, lake.table(LATE), LATE_SCHEMA);
        createIfMissing(spark, lake.table(WATERMARKS), WATERMARKS_SCHEMA);
        createIfMissing(spark, lake.table(REFUSED), REFUSED_SCHEMA);
    }

    /**
     * Appends a micro-batch's rows to a table under the writing query's name and batch number (Delta's txnAppId and
     * txnVersion, the name {@link #ofThisQuery}): Delta skips a batch number it has seen for that name, so a replayed
     * batch is written once.
     */
    static void append(Dataset<Row> rows, String location, String app, long batchId) {
        String appId = ofThisQuery(rows.sparkSession(), app);
        retryingConflicts(location, () -> rows.write().format("delta").mode("append")
                .option("txnAppId", appId)
                .option("txnVersion", batchId)
                .save(location));
    }

    /**
     * A writer's name made the streaming query's own: {@code app.<query id>}. The id is kept in the query's
     * checkpoint, so every attempt of a batch has the same name, and a query started on a new checkpoint (its old
     * one deleted) has a new one: its batch numbers, counting from 0 again, are not mistaken for the old query's.
     */
    static String ofThisQuery(SparkSession spark, String app) {
        String queryId = spark.sparkContext().getLocalProperty("sql.streaming.queryId");
        if (queryId == null) {
            throw new IllegalStateException("Cannot name the writer " + app + " outside a streaming query's batch");
        }
        return app + "." + queryId;
    }

    /** Tries of a commit that lost a race with another commit to the same table (a pipeline write, an optimize). */
    static final int CONFLICT_TRIES = 5;

    /**
     * Runs a write again when another commit won the race for the table's files (Delta's optimistic concurrency,
     * e.g. {@code fluxo lake optimize} compacting while the pipeline writes): the write carries its batch number, so
     * trying it again on the new snapshot writes it once.
     */
    static void retryingConflicts(String location, Runnable write) {
        retryingConflicts("write " + location, () -> {
            write.run();
            return null;
        });
    }

    /**
     * Runs a commit again, on the new snapshot, while another commit wins the race for the same files, at most
     * {@value #CONFLICT_TRIES} times; its result.
     *
     * @param what what the commit does, for the log and the error: "write <path>", "optimize gold"
     * @throws UserException "Cannot <what>: 5 commits in a row lost to concurrent ones (...); try again"
     */
    static <T> T retryingConflicts(String what, java.util.function.Supplier<T> commit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return commit.get();
            } catch (io.delta.exceptions.DeltaConcurrentModificationException e) {
                if (attempt == CONFLICT_TRIES) {
                    throw new io.fluxo.config.UserException("Cannot " + what + ": " + CONFLICT_TRIES + " commits in a row"
                            + " lost to concurrent ones (" + e.getClass().getSimpleName() + "); try again", e);
                }
                org.slf4j.LoggerFactory.getLogger(MedallionTables.class).warn("Trying again to {} after a concurrent"
                        + " commit ({}), try {} of {}", what, e.getClass().getSimpleName(), attempt + 1, CONFLICT_TRIES);
            }
        }
    }

    private static void createIfMissing(SparkSession spark, String location, StructType schema) {
        if (!DeltaTable.isDeltaTable(spark, location)) {
            DeltaTable.createIfNotExists(spark).location(location).addColumns(schema).execute();
        }
    }

    private static StructType nullable(StructType schema) {
        StructType out = new StructType();
        for (var f : schema.fields()) {
            out = out.add(f.name(), f.dataType(), true);
        }
        return out;
    }
}
