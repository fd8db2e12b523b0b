package io.fluxo.pipeline.receivables;

import io.fluxo.sink.opensearch.OpenSearchSettings;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import io.fluxo.config.FluxoConfig;
import io.fluxo.sink.dynamodb.DynamoDbClients;
import io.fluxo.sink.opensearch.OpenSearchDocumentSink;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Recomputes every lifecycle document from the DynamoDB history (after a lost checkpoint or a changed
 * rule). Documents are written with the current time as external version, so they replace what the
 * pipeline wrote before and are replaced by what it writes next.
 */
public final class LifecycleRebuild {
    /** What a rebuild did; {@code stale}: documents left as they are because the index holds a newer version. */
    public record Result(long historyItems, long documents, long stale) {
    }

    private final FluxoConfig config;

    public LifecycleRebuild(FluxoConfig config) {
        this.config = config;
    }

    public Result run() {
        DynamoDbClient client = DynamoDbClients.shared(DynamoDbSettings.of(config));
        Map<String, Lifecycle> lifecycles = new HashMap<>();
        long items = 0;
        Map<String, AttributeValue> start = null;
        do {
            var request = ScanRequest.builder().tableName(ReceivablesSettings.of(config).table()).exclusiveStartKey(start).build();
            var page = client.scan(request);
            for (Map<String, AttributeValue> item : page.items()) {
                ReceivableEvent event = event(item);
                lifecycles.merge(event.idRecebivel(), Lifecycle.empty().with(event), (a, b) -> a.with(event));
                items++;
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);

        long now = System.currentTimeMillis();
        long windowMs = ReceivablesSettings.of(config).window().toMillis();
        long windowStart = now - Math.floorMod(now, windowMs);
        List<OpenSearchDocumentSink.Document> documents = new ArrayList<>(lifecycles.size());
        lifecycles.forEach((id, lifecycle) -> documents.add(new OpenSearchDocumentSink.Document(id,
                LifecycleDocument.toJson(LifecycleDocument.of(id, lifecycle, windowStart, windowStart + windowMs, now)),
                now)));
        // Version "now": newer than what the pipeline wrote so far, unless the clock stepped back; then the index
        // keeps its newer documents (counted as stale), and a rebuild never overwrites a newer document.
        OpenSearchDocumentSink.Result written = new OpenSearchDocumentSink(OpenSearchSettings.of(config),
                ReceivablesSettings.of(config).index()).writeAll(-1, documents.iterator());
        new OpenSearchDocumentSink(OpenSearchSettings.of(config), ReceivablesSettings.of(config).index()).failOnRefusals(written);
        return new Result(items, documents.size(), written.stale());
    }

    /** A history item (see HistoryItem) back to the event it recorded. */
    static ReceivableEvent event(Map<String, AttributeValue> item) {
        EventType type = EventType.fromLabel(s(item, "tipo_evento"))
                .orElseThrow(() -> new IllegalStateException("History item without a valid tipo_evento: " + item));
        String id = s(item, "id_recebivel");
        String eventId = type == EventType.AGENDADO ? id : s(item, type.idField());
        return new ReceivableEvent(type, id, eventId, new BigDecimal(item.get(type.amountField()).n()).setScale(2),
                s(item, HistoryItem.AMOUNT_SENT),
                s(item, type.dateField()), s(item, "motivo"), s(item, "id_pagamento"), i(item, "codigo_produto"),
                i(item, "codigo_produto_parceiro"), i(item, "modalidade"), s(item, "timestamp"),
                s(item, "topic") == null ? "" : s(item, "topic"),
                item.containsKey("partition") ? Integer.parseInt(item.get("partition").n()) : 0,
                item.containsKey("offset") ? Long.parseLong(item.get("offset").n()) : 0L);
    }

    private static String s(Map<String, AttributeValue> item, String field) {
        AttributeValue v = item.get(field);
        return v == null ? null : v.s();
    }

    private static Integer i(Map<String, AttributeValue> item, String field) {
        AttributeValue v = item.get(field);
        return v == null ? null : Integer.valueOf(v.n());
    }
}
