package io.fluxo.pipeline.commerce;

import io.fluxo.amount.AmountSettings;
import io.fluxo.config.FluxoConfig;
import io.fluxo.dlq.DlqSettings;
import io.fluxo.kafka.DataLossAudit;
import io.fluxo.kafka.KafkaSource;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The commerce streaming query: Kafka {@code sales_events} → parse ({@link ParseSales}) → the event-time watermark →
 * per user, {@link CommerceProcessor} (late or on time, sessions) → {@link CommerceBatchWriter} in each micro-batch.
 *
 * <p>Spark computes the watermark from the event time column ({@code withWatermark}), and an identity step right
 * after it hands the stateful step a column without the watermark's mark: Spark then drops no row itself, and every
 * event behind the watermark reaches the processor, which writes it to {@code late_events}. Spark's own count of
 * rows dropped by the watermark stays 0, and the pipeline's late count is the one to read.
 */
final class CommerceQuery {
    private CommerceQuery() {
    }

    /**
     * A session of its own for this query, with Spark's other settings, that also runs a batch without new rows when
     * the watermark has moved: the batch that closes the sessions and windows the newest events left behind (Fluxo
     * turns such batches off for its other pipelines, which have no event time). A query takes its settings from its
     * session when it starts.
     */
    static SparkSession withBatchesWithoutData(SparkSession shared) {
        SparkSession own = shared.newSession();
        scala.collection.Iterator<scala.Tuple2<String, String>> all = shared.conf().getAll().iterator();
        while (all.hasNext()) {
            scala.Tuple2<String, String> e = all.next();
            if (own.conf().isModifiable(e._1())) {
                own.conf().set(e._1(), e._2());
            }
        }
        own.conf().set(NO_DATA_BATCHES, true);
        // A session has listeners of its own: the ones watching the shared session (metrics) watch this query too.
        for (org.apache.spark.sql.streaming.StreamingQueryListener l : shared.streams().listListeners()) {
            own.streams().addListener(l);
        }
        return own;
    }

    static final String NO_DATA_BATCHES = "spark.sql.streaming.noDataMicroBatches.enabled";

    static SalesEventParser parser(FluxoConfig config) {
        CommerceSettings s = CommerceSettings.of(config);
        return new SalesEventParser(s.maxPayloadBytes(), s.maxIdBytes(), AmountSettings.of(config).subCent());
    }

    static StreamingQuery start(SparkSession shared, FluxoConfig config, boolean availableNow) {
        CommerceSettings s = CommerceSettings.of(config);
        SparkSession spark = withBatchesWithoutData(shared);
        Dataset<Row> kafka = KafkaSource.read(spark, config.kafka(), List.of(s.topic()), s.startingOffsets(),
                s.maxOffsetsPerTrigger());
        Dataset<SalesInputRow> parsed = kafka.mapPartitions(new ParseSales(parser(config), DlqSettings.of(config).maxRawBytes()),
                Encoders.bean(SalesInputRow.class));
        Dataset<SalesInputRow> watermarked = parsed
                .withWatermark("eventTime", s.watermark().toMillis() + " milliseconds")
                .map((MapFunction<SalesInputRow, SalesInputRow>) r -> r, Encoders.bean(SalesInputRow.class));
        Dataset<SalesOutputRow> output = watermarked
                .groupByKey((MapFunction<SalesInputRow, String>) SalesInputRow::getGroupKey, Encoders.STRING())
                .transformWithState(new CommerceProcessor(s.sessionGap().toMillis(),
                        DlqSettings.of(config).maxRawBytes()), TimeMode.EventTime(),
                        OutputMode.Append(), Encoders.bean(SalesOutputRow.class));
        try {
            return output.writeStream()
                    .queryName(CommercePipelineNames.NAME)
                    .option("checkpointLocation", config.checkpoint(CommercePipelineNames.NAME).toAbsolutePath().toString())
                    .trigger(availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime(s.trigger().toMillis()))
                    .foreachBatch(DataLossAudit.audited(CommercePipelineNames.NAME, config, new CommerceBatchWriter(config)))
                    .start();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot start the commerce query: " + e.getMessage(), e);
        }
    }
}
