package io.fluxo.pipeline.receivables;

import io.fluxo.sink.opensearch.OpenSearchSettings;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import io.fluxo.config.FluxoConfig;
import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.dynamodb.DynamoDbItemSink;
import io.fluxo.sink.kafka.KafkaFencedSink;
import io.fluxo.sink.kafka.KafkaSinkSettings;
import io.fluxo.sink.opensearch.OpenSearchDocumentSink;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.fluxo.dlq.DeadLetter;
import io.fluxo.dlq.DlqSettings;
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
    /** The dead-letter reason of a record (or the document built from it) a sink refused for good. */
    static final String SINK_REJECTED = "SINK_REJECTED";

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
        LongAccumulator stale = sc.longAccumulator("stale-documents");
        CollectionAccumulator<String> staleIds = sc.collectionAccumulator("stale-ids");

        ReceivablesSettings settings = ReceivablesSettings.of(config);
        DynamoDbItemSink historySink = settings.sinkEnabled("dynamodb")
                ? new DynamoDbItemSink(DynamoDbSettings.of(config), settings.table()) : null;
        OpenSearchDocumentSink documentSink = settings.sinkEnabled("opensearch")
                ? new OpenSearchDocumentSink(OpenSearchSettings.of(config), settings.index()) : null;
        long batchNumber = batchId;
        String index = settings.index();
        String table = settings.table();
        int maxRawBytes = DlqSettings.of(config).maxRawBytes();

        batch.foreachPartition((ForeachPartitionFunction<OutputRow>) rows -> {
            List<String> items = new ArrayList<>();
            List<OpenSearchDocumentSink.Document> docs = new ArrayList<>();
            long historyRows = 0;
            long documentRows = 0;
            while (rows.hasNext()) {
                OutputRow row = rows.next();
                switch (row.getKind()) {
                    case OutputRow.HISTORY -> {
                        if (historySink != null) {
                            items.add(row.getJson());
                        }
                        historyRows++;
                    }
                    case OutputRow.DOCUMENT -> {
                        if (documentSink != null) {
                            docs.add(new OpenSearchDocumentSink.Document(row.getId(), row.getJson(), row.getVersion()));
                        }
                        documentRows++;
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
            CompletableFuture<DynamoDbItemSink.Result> toDynamo = historySink == null || items.isEmpty()
                    ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.supplyAsync(() -> historySink.writeAll(batchNumber,
                            items.stream().map(DynamoDbItemSink::item).iterator()));
            if (documentSink != null && !docs.isEmpty()) {
                OpenSearchDocumentSink.Result written = documentSink.writeAll(batchNumber, docs.iterator());
                if (!written.refused().isEmpty()) {
                    Map<String, OpenSearchDocumentSink.Document> byId = new HashMap<>();
                    docs.forEach(d -> byId.put(d.id(), d));
                    for (OpenSearchDocumentSink.Refusal r : written.refused()) {
                        deadLetters.add(refusedDocument(index, byId.get(r.id()), r, maxRawBytes));
                    }
                }
                stale.add(written.stale());
                written.staleExamples().forEach(id -> {
                    if (staleIds.value().size() < INCONSISTENT_EXAMPLES) {
                        staleIds.add(id);
                    }
                });
            }
            try {
                DynamoDbItemSink.Result written = toDynamo.join();
                if (written != null) {
                    for (DynamoDbItemSink.Refusal r : written.refused()) {
                        deadLetters.add(refusedItem(table, items.get(r.position()), r.message(), maxRawBytes));
                    }
                }
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new SinkException(e.getCause().getMessage(), e.getCause());
            }
            history.add(historyRows);
            documents.add(documentRows);
        });

        List<OutputRow> letters = deadLetters.value();
        if (!letters.isEmpty()) {
            String topic = ReceivablesSettings.of(config).dlqTopic();
            deadLetterSink(batch).write(batchId, sorted(letters).stream()
                    .map(r -> new KafkaFencedSink.Record(topic, r.getId(), r.getJson())).iterator());
        }
        if (inconsistent.value() > 0) {
            LOG.warn("{} receivables are INCONSISTENTE in batch {} (more cancelled or negotiated than scheduled), e.g. {}",
                    inconsistent.value(), batchId, inconsistentIds.value());
        }
        if (stale.value() > 0) {
            LOG.warn("{} lifecycle documents of batch {} were not written: the index {} holds a newer version of them"
                    + " (another writer, or a rebuild), e.g. {}", stale.value(), batchId, settings.index(), staleIds.value());
        }
        PipelineMetrics metrics = PipelineMetrics.of(ReceivablesPipeline.NAME);
        metrics.add(ReceivablesPipeline.STALE_DOCUMENTS, stale.value());
        metrics.add(ReceivablesPipeline.HISTORY_ITEMS, history.value());
        metrics.add(ReceivablesPipeline.DOCUMENTS, documents.value());
        metrics.add(PipelineMetrics.DEAD_LETTERS, letters.size());
        metrics.add(ReceivablesPipeline.INCONSISTENT, inconsistent.value());
        metrics.batchWritten(System.currentTimeMillis() - started);
    }

    /**
     * A lifecycle document the index refused for good (SINK_REJECTED): its id is the key, the document the raw value,
     * and "topic" names where it was going, so that the rest of the batch is written and nothing is lost silently.
     */
    static OutputRow refusedDocument(String index, OpenSearchDocumentSink.Document doc, OpenSearchDocumentSink.Refusal r,
            int maxRawBytes) {
        long now = System.currentTimeMillis();
        DeadLetter letter = new DeadLetter(ReceivablesPipeline.NAME, SINK_REJECTED,
                "OpenSearch refused document " + r.id() + " in " + index + ": " + r.message(), "opensearch:" + index, -1,
                -1, r.id().getBytes(StandardCharsets.UTF_8),
                doc == null ? null : doc.json().getBytes(StandardCharsets.UTF_8), now, now);
        return new OutputRow(OutputRow.DEAD_LETTER, "opensearch:" + index + "/" + r.id(), null, letter.toJson(maxRawBytes),
                doc == null ? 0 : doc.version(), null);
    }

    /**
     * A history item the table refused for good (SINK_REJECTED): id_recebivel is the key, the item's JSON the raw
     * value, and "topic" names the table, so that the rest of the batch is written and nothing is lost silently.
     */
    static OutputRow refusedItem(String table, String itemJson, String message, int maxRawBytes) {
        com.fasterxml.jackson.databind.JsonNode item = DynamoDbItemSink.json(itemJson);
        String id = item.path("id_recebivel").asText();
        String evento = item.path("evento").asText();
        long now = System.currentTimeMillis();
        DeadLetter letter = new DeadLetter(ReceivablesPipeline.NAME, SINK_REJECTED,
                "DynamoDB refused item " + id + "/" + evento + " in " + table + ": " + message, "dynamodb:" + table, -1,
                -1, id.getBytes(StandardCharsets.UTF_8), itemJson.getBytes(StandardCharsets.UTF_8), now, now);
        return new OutputRow(OutputRow.DEAD_LETTER, "dynamodb:" + table + "/" + id + "/" + evento, null,
                letter.toJson(maxRawBytes), 0, null);
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
            deadLetterSink = new KafkaFencedSink(config.kafka(),
                    KafkaSinkSettings.of(config).retry(), ReceivablesSettings.of(config).dlqTopic(),
                    ReceivablesPipeline.NAME, queryId);
        }
        return deadLetterSink;
    }
}
