package io.fluxo.pipeline.receivables;

import io.fluxo.config.FluxoConfig;
import io.fluxo.pipeline.PipelineStats;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.dynamodb.DynamoDbHistorySink;
import io.fluxo.sink.kafka.KafkaFencedSink;
import io.fluxo.sink.opensearch.OpenSearchDocumentSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one micro-batch of the stateful step's output in a single Spark job: each partition sends its
 * history items to DynamoDB and its documents to OpenSearch (both at once), and hands its dead letters
 * back to the driver, which writes them to Kafka in one transaction fenced by (query, batch). Every sink
 * is idempotent, so Spark may replay the batch after a crash.
 */
final class ReceivablesBatchWriter implements VoidFunction2<Dataset<OutputRow>, Long> {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivablesBatchWriter.class);
    /** Spark sets this local property on the thread that runs a streaming query's batches. */
    private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
    private static final int INCONSISTENT_EXAMPLES = 5;

    private final FluxoConfig config;
    private transient KafkaFencedSink deadLetterSink;

    ReceivablesBatchWriter(FluxoConfig config) {
        this.config = config;
    }

    @Override
    public void call(Dataset<OutputRow> batch, Long batchId) {
        long started = System.currentTimeMillis();
        var sc = batch.sparkSession().sparkContext();
        LongAccumulator history = sc.longAccumulator("history");
        LongAccumulator documents = sc.longAccumulator("documents");
        LongAccumulator inconsistent = sc.longAccumulator("inconsistent");
        CollectionAccumulator<OutputRow> deadLetters = sc.collectionAccumulator("dead-letters");
        CollectionAccumulator<String> inconsistentIds = sc.collectionAccumulator("inconsistent-ids");

        FluxoConfig.ReceivablesSettings settings = config.receivables();
        DynamoDbHistorySink historySink = settings.sinkEnabled("dynamodb")
                ? new DynamoDbHistorySink(config.dynamodb(), settings.table()) : null;
        OpenSearchDocumentSink documentSink = settings.sinkEnabled("opensearch")
                ? new OpenSearchDocumentSink(config.opensearch(), settings.index()) : null;
        long batchNumber = batchId;

        batch.foreachPartition((ForeachPartitionFunction<OutputRow>) rows -> {
            List<OutputRow> items = new ArrayList<>();
            List<OutputRow> docs = new ArrayList<>();
            while (rows.hasNext()) {
                OutputRow row = rows.next();
                switch (row.getKind()) {
                    case OutputRow.HISTORY -> items.add(row);
                    case OutputRow.DOCUMENT -> {
                        docs.add(row);
                        if (Situacao.INCONSISTENTE.name().equals(row.getSituacao())) {
                            inconsistent.add(1);
                            if (inconsistentIds.value().size() < INCONSISTENT_EXAMPLES) {
                                inconsistentIds.add(row.getId());
                            }
                        }
                    }
                    case OutputRow.DEAD_LETTER -> deadLetters.add(row);
                    default -> throw new IllegalStateException("Unknown output kind " + row.getKind());
                }
            }
            CompletableFuture<Void> toDynamo = historySink == null || items.isEmpty() ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.runAsync(() -> historySink.write(batchNumber, items.iterator()));
            if (documentSink != null && !docs.isEmpty()) {
                documentSink.write(batchNumber, docs.iterator());
            }
            try {
                toDynamo.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new SinkException(e.getCause().getMessage(), e.getCause());
            }
            history.add(items.size());
            documents.add(docs.size());
        });

        List<OutputRow> letters = deadLetters.value();
        if (!letters.isEmpty()) {
            String topic = config.receivables().dlqTopic();
            deadLetterSink(batch).write(batchId, sorted(letters).stream()
                    .map(r -> new KafkaFencedSink.Record(topic, r.getId(), r.getJson())).iterator());
        }
        if (inconsistent.value() > 0) {
            LOG.warn("{} receivables are INCONSISTENTE in batch {} (more cancelled or negotiated than scheduled), e.g. {}",
                    inconsistent.value(), batchId, inconsistentIds.value());
        }
        PipelineStats stats = PipelineStats.of(ReceivablesPipeline.NAME);
        stats.batches.incrementAndGet();
        stats.historyItems.addAndGet(history.value());
        stats.documents.addAndGet(documents.value());
        stats.deadLetters.addAndGet(letters.size());
        stats.inconsistent.addAndGet(inconsistent.value());
        stats.lastBatchMillis.set(System.currentTimeMillis() - started);
    }

    /** In a stable order (by topic/partition/offset text), so a replay sends the same sequence. */
    private static List<OutputRow> sorted(List<OutputRow> letters) {
        List<OutputRow> copy = new ArrayList<>(letters);
        copy.sort((a, b) -> a.getId().compareTo(b.getId()));
        return copy;
    }

    private KafkaFencedSink deadLetterSink(Dataset<OutputRow> batch) {
        String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
        if (deadLetterSink == null) {
            deadLetterSink = new KafkaFencedSink(config.kafka(), config.receivables().dlqTopic(),
                    ReceivablesPipeline.NAME, queryId);
        }
        return deadLetterSink;
    }
}
