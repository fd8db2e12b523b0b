package io.fluxo.pipeline.medallion;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import io.delta.tables.DeltaTable;
import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.PostgresSink;
import io.fluxo.sink.postgres.TableSpec;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One gold micro-batch of silver rows. The watermark is the newest event time gold took before this batch minus
 * {@code medallion.gold-watermark}; it is recorded per batch in gold/watermarks before the batch writes anything
 * else, so a replayed batch uses the same one (gold has taken the batch's own rows by then). Rows behind
 * it are appended to gold/late with the watermark and how late they were; the others are summed per minute × region
 * × modality and MERGEd into gold (counts and totals added, maximum and minimum kept, the mean recomputed half to
 * even to the cent from the totals). The gold rows the batch touched are then upserted into PostgreSQL
 * {@code gold_transacoes_minuto} through the fenced PostgreSQL sink (unless {@code medallion.sinks} is none); a row PostgreSQL refuses for good (a
 * constraint, a value it cannot hold) goes to gold/refused with the server's message, and the others are written. Every write carries the batch number (Delta's
 * txnAppId and txnVersion, the sink's fence), so a replayed batch writes nothing twice.
 */
final class GoldBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
    private static final long serialVersionUID = 1L;
    static final String GOLD_APP = "fluxo-medallion-gold";
    static final String LATE_APP = "fluxo-medallion-gold-late";
    static final String WATERMARK_APP = "fluxo-medallion-gold-watermark";
    static final String REFUSED_APP = "fluxo-medallion-gold-refused";
    static final String POSTGRES_FENCE = "medallion-gold";
    static final TableSpec POSTGRES_GOLD = new TableSpec("gold_transacoes_minuto", List.of("minuto", "id_regiao",
            "modalidade_pagamento", "quantidade", "valor_total", "valor_medio", "valor_maximo", "valor_minimo"),
            List.of("minuto", "id_regiao", "modalidade_pagamento"));
    private static final String KEY = "t.minuto = s.minuto AND t.id_regiao = s.id_regiao"
            + " AND t.modalidade_pagamento = s.modalidade_pagamento";

    private final MedallionSettings settings;
    private final PostgresSettings postgres;

    GoldBatchWriter(MedallionSettings settings, PostgresSettings postgres) {
        this.settings = settings;
        this.postgres = postgres;
    }

    @Override
    public void call(Dataset<Row> silver, Long batchId) {
        long started = System.nanoTime();
        SparkSession spark = silver.sparkSession();
        String goldPath = settings.lake().table(MedallionTables.GOLD);
        Timestamp watermark = batchWatermark(spark, goldPath, batchId);
        Dataset<Row> rows = silver.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> onTime = rows;
            long late = 0;
            if (watermark != null) {
                Dataset<Row> behind = rows.filter(col("data_horario").lt(lit(watermark)))
                        .withColumn("watermark", lit(watermark))
                        .withColumn("lateness_ms", lit(watermark.getTime()).minus(expr("unix_millis(data_horario)")));
                late = behind.count();
                MedallionTables.append(behind, settings.lake().table(MedallionTables.LATE), LATE_APP, batchId);
                onTime = rows.filter(col("data_horario").geq(lit(watermark)));
            }
            Dataset<Row> perMinute = onTime
                    .groupBy(date_trunc("minute", col("data_horario")).as("minuto"), col("id_regiao"),
                            col("modalidade_pagamento"))
                    .agg(count(lit(1)).as("quantidade"), sum("valor_transacao").cast(MedallionTables.MONEY).as("valor_total"),
                            max("valor_transacao").as("valor_maximo"), min("valor_transacao").as("valor_minimo"),
                            max("data_horario").as("ultimo_evento"))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            try {
                MedallionTables.retryingConflicts(goldPath, () -> merge(spark, goldPath, perMinute, batchId));
                long goldRows;
                List<PostgresSink.Refusal> refused = List.of();
                if (settings.postgresSink()) {
                    List<PostgresSink.Row> touched = touched(spark.read().format("delta").load(goldPath), perMinute);
                    goldRows = touched.size();
                    refused = new PostgresSink(postgres, MedallionTables.ofThisQuery(spark, POSTGRES_FENCE))
                            .writeAll(batchId, touched.stream().map(List::of).toList()).refused();
                } else {
                    goldRows = perMinute.count();
                }
                if (!refused.isEmpty()) {
                    MedallionTables.append(spark.createDataFrame(refusedRows(refused, batchId), MedallionTables.REFUSED_SCHEMA),
                            settings.lake().table(MedallionTables.REFUSED), REFUSED_APP, batchId);
                }
                PipelineMetrics metrics = PipelineMetrics.of(MedallionCounters.PIPELINE);
                metrics.add(MedallionCounters.GOLD_ROWS, goldRows - refused.size());
                metrics.add(MedallionCounters.REFUSED, refused.size());
                metrics.add(MedallionCounters.LATE, late);
                metrics.batchWritten((System.nanoTime() - started) / 1_000_000);
            } finally {
                perMinute.unpersist();
            }
        } finally {
            rows.unpersist();
        }
    }

    /**
     * The watermark of this batch: the one recorded in gold/watermarks by an earlier attempt of it, else the one
     * computed now from gold (which holds the batches before this one), recorded before any other write.
     */
    private Timestamp batchWatermark(SparkSession spark, String goldPath, long batchId) {
        String table = settings.lake().table(MedallionTables.WATERMARKS);
        String queryId = MedallionTables.ofThisQuery(spark, GOLD_APP);
        List<Row> recorded = spark.read().format("delta").load(table)
                .filter(col("query_id").equalTo(queryId).and(col("batch_id").equalTo(batchId)))
                .select("watermark").collectAsList();
        if (!recorded.isEmpty()) {
            return recorded.get(0).getTimestamp(0);
        }
        Timestamp watermark = watermark(spark.read().format("delta").load(goldPath));
        MedallionTables.append(spark.createDataFrame(List.of(RowFactory.create(queryId, batchId, watermark)),
                MedallionTables.WATERMARKS_SCHEMA), table, WATERMARK_APP, batchId);
        return watermark;
    }

    /** The newest event time gold holds minus the gold watermark; null while gold is empty. */
    private Timestamp watermark(Dataset<Row> gold) {
        Row newest = gold.agg(max("ultimo_evento")).first();
        return newest.isNullAt(0) ? null
                : new Timestamp(newest.getTimestamp(0).getTime() - settings.goldWatermark().toMillis());
    }

    /**
     * MERGE under the batch number: Delta reads txnAppId and txnVersion of a MERGE from the session, and skips a
     * version it has recorded for the app. The stream's session is this query's own, and the settings are unset after.
     */
    private static void merge(SparkSession spark, String goldPath, Dataset<Row> perMinute, long batchId) {
        spark.conf().set("spark.databricks.delta.write.txnAppId", MedallionTables.ofThisQuery(spark, GOLD_APP));
        spark.conf().set("spark.databricks.delta.write.txnVersion", Long.toString(batchId));
        try {
            Map<String, String> update = new LinkedHashMap<>();
            update.put("quantidade", "t.quantidade + s.quantidade");
            update.put("valor_total", "CAST(t.valor_total + s.valor_total AS DECIMAL(18,2))");
            update.put("valor_medio", halfEvenMean("t.valor_total + s.valor_total", "t.quantidade + s.quantidade"));
            update.put("valor_maximo", "greatest(t.valor_maximo, s.valor_maximo)");
            update.put("valor_minimo", "least(t.valor_minimo, s.valor_minimo)");
            update.put("ultimo_evento", "greatest(t.ultimo_evento, s.ultimo_evento)");
            Map<String, String> insert = new LinkedHashMap<>();
            for (String c : MedallionTables.GOLD_SCHEMA.fieldNames()) {
                insert.put(c, "s." + c);
            }
            insert.put("valor_medio", halfEvenMean("s.valor_total", "s.quantidade"));
            DeltaTable.forPath(spark, goldPath).as("t").merge(perMinute.as("s"), KEY)
                    .whenMatched().updateExpr(update)
                    .whenNotMatched().insertExpr(insert)
                    .execute();
        } finally {
            spark.conf().unset("spark.databricks.delta.write.txnAppId");
            spark.conf().unset("spark.databricks.delta.write.txnVersion");
        }
    }

    /**
     * SQL for total / count rounded half to even to the cent, exactly: in whole cents, the quotient plus one when the
     * remainder is more than half the count, or exactly half and the quotient odd. (Spark's decimal division rounds
     * its own digits half up before any rounding of ours could run.) Amounts are positive.
     */
    static String halfEvenMean(String total, String count) {
        String cents = "CAST((" + total + ") * 100 AS BIGINT)";
        String n = "(" + count + ")";
        String q = "div(" + cents + ", " + n + ")";
        String twiceRemainder = "2 * (" + cents + " - " + q + " * " + n + ")";
        return "CAST((" + q + " + CASE WHEN " + twiceRemainder + " > " + n + " THEN 1 WHEN " + twiceRemainder + " = " + n
                + " AND " + q + " % 2 = 1 THEN 1 ELSE 0 END) / 100.0 AS DECIMAL(18,2))";
    }

    /** The gold rows PostgreSQL refused for good, as rows of gold/refused: why, and the row as Delta holds it. */
    private static List<Row> refusedRows(List<PostgresSink.Refusal> refused, long batchId) {
        List<Row> rows = new ArrayList<>(refused.size());
        for (PostgresSink.Refusal r : refused) {
            List<Object> v = r.rows().get(0).values();
            rows.add(RowFactory.create("SINK_REJECTED", r.sqlState(), r.message(), Timestamp.from((java.time.Instant) v.get(0)),
                    v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7), batchId));
        }
        return rows;
    }

    /** gold's current rows for the keys of this batch, as PostgreSQL rows. */
    private static List<PostgresSink.Row> touched(Dataset<Row> gold, Dataset<Row> perMinute) {
        Dataset<Row> keys = perMinute.select("minuto", "id_regiao", "modalidade_pagamento");
        List<PostgresSink.Row> out = new ArrayList<>();
        for (Row r : gold.as("t").join(keys.as("s"), expr(KEY)).select("t.*").collectAsList()) {
            out.add(PostgresSink.Row.of(POSTGRES_GOLD, r.<Timestamp>getAs("minuto").toInstant(), r.getAs("id_regiao"),
                    r.getAs("modalidade_pagamento"),
                    r.getAs("quantidade"), r.getAs("valor_total"), r.getAs("valor_medio"), r.getAs("valor_maximo"),
                    r.getAs("valor_minimo")));
        }
        return out;
    }
}
