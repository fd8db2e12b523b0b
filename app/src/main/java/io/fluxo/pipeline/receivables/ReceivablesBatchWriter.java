package io.fluxo.pipeline.receivables;

import static org.apache.spark.sql.functions.col;

import io.fluxo.config.FluxoConfig;
import io.fluxo.pipeline.PipelineStats;
import io.fluxo.sink.dynamodb.DynamoDbHistorySink;
import io.fluxo.sink.kafka.KafkaDeadLetterSink;
import io.fluxo.sink.opensearch.OpenSearchDocumentSink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one micro-batch of the stateful step's output: history to DynamoDB, documents to OpenSearch,
 * dead letters to Kafka. Every sink is idempotent, so Spark may replay the batch after a crash.
 */
final class ReceivablesBatchWriter implements VoidFunction2<Dataset<OutputRow>, Long> {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivablesBatchWriter.class);
    /** Spark sets this local property on the thread that runs a streaming query's batches. */
    private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

    private final FluxoConfig config;
    private transient KafkaDeadLetterSink deadLetterSink;

    ReceivablesBatchWriter(FluxoConfig config) {
        this.config = config;
    }

    @Override
    public void call(Dataset<OutputRow> batch, Long batchId) {
        long started = System.currentTimeMillis();
        PipelineStats stats = PipelineStats.of(ReceivablesPipeline.NAME);
        batch.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<String, Long> counts = new HashMap<>();
            long inconsistent = 0;
            for (Row r : batch.groupBy("kind", "situacao").count().collectAsList()) {
                counts.merge(r.getString(0), r.getLong(2), Long::sum);
                if (Situacao.INCONSISTENTE.name().equals(r.getString(1))) {
                    inconsistent = r.getLong(2);
                }
            }
            long batchNumber = batchId;
            FluxoConfig.ReceivablesSettings settings = config.receivables();
            if (counts.getOrDefault(OutputRow.HISTORY, 0L) > 0 && settings.sinkEnabled("dynamodb")) {
                DynamoDbHistorySink history = new DynamoDbHistorySink(config.dynamodb(), settings.table());
                batch.filter(col("kind").equalTo(OutputRow.HISTORY))
                        .foreachPartition((ForeachPartitionFunction<OutputRow>) rows -> history.write(batchNumber, rows));
            }
            if (counts.getOrDefault(OutputRow.DOCUMENT, 0L) > 0 && settings.sinkEnabled("opensearch")) {
                OpenSearchDocumentSink documents = new OpenSearchDocumentSink(config.opensearch(), settings.index());
                batch.filter(col("kind").equalTo(OutputRow.DOCUMENT))
                        .foreachPartition((ForeachPartitionFunction<OutputRow>) rows -> documents.write(batchNumber, rows));
            }
            if (counts.getOrDefault(OutputRow.DEAD_LETTER, 0L) > 0) {
                List<OutputRow> letters = batch.filter(col("kind").equalTo(OutputRow.DEAD_LETTER)).collectAsList();
                deadLetterSink(batch).write(batchId, letters.iterator());
            }
            if (inconsistent > 0) {
                List<String> ids = batch.filter(col("kind").equalTo(OutputRow.DOCUMENT)
                                .and(col("situacao").equalTo(Situacao.INCONSISTENTE.name())))
                        .select("id").limit(5).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
                LOG.warn("{} receivables are INCONSISTENT in batch {} (more cancelled/negotiated than scheduled), e.g. {}",
                        inconsistent, batchId, ids);
            }
            stats.batches.incrementAndGet();
            stats.historyItems.addAndGet(counts.getOrDefault(OutputRow.HISTORY, 0L));
            stats.documents.addAndGet(counts.getOrDefault(OutputRow.DOCUMENT, 0L));
            stats.deadLetters.addAndGet(counts.getOrDefault(OutputRow.DEAD_LETTER, 0L));
            stats.inconsistent.addAndGet(inconsistent);
            stats.lastBatchMillis.set(System.currentTimeMillis() - started);
        } finally {
            batch.unpersist();
        }
    }

    private KafkaDeadLetterSink deadLetterSink(Dataset<OutputRow> batch) {
        String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
        if (deadLetterSink == null) {
            deadLetterSink = new KafkaDeadLetterSink(config.kafka(), config.receivables().dlqTopic(),
                    ReceivablesPipeline.NAME, queryId);
        }
        return deadLetterSink;
    }
}
