package io.fluxo.pipeline.receivables;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxo.bench.SinkRawRates.Document;
import io.fluxo.sink.dynamodb.DynamoDbItemSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * History items and lifecycle documents exactly as the pipeline builds them (same classes), from the
 * generator's events, without Kafka or Spark: the raw sink measurements write what the pipeline writes.
 */
final class SyntheticReceivables {
    private static final int PARTITIONS = 4;

    private SyntheticReceivables() {
    }

    /** The generator's first {@code count} events as the pipeline's parsed events (topic names are only labels). */
    static List<ReceivableEvent> events(long seed, int count) {
        ReceivablesGenerator generator = new ReceivablesGenerator(ReceivablesOptions.defaults(0).withSeed(seed),
                Clock.systemUTC(), false);
        List<ReceivableEvent> events = new ArrayList<>(count);
        for (long offset = 0; events.size() < count; offset++) {
            var e = generator.next();
            EventType type = EventType.valueOf(e.kind().name());
            events.add(new ReceivableEvent(type, e.idRecebivel(), e.eventId(), e.valor(), null, e.data().toString(), e.motivo(),
                    e.idPagamento(), e.codigoProduto(), e.codigoProdutoParceiro(), e.modalidade(),
                    e.timestamp() == null ? null : e.timestamp().toString(), "bench." + type.label(),
                    Math.floorMod(e.idRecebivel().hashCode(), PARTITIONS), offset));
        }
        return events;
    }

    /** History items as DynamoDB attributes: the same mapping as the history sink (strings S, numbers N). */
    static List<Map<String, AttributeValue>> historyItems(List<ReceivableEvent> events) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(events.size());
        for (ReceivableEvent e : events) {
            items.add(attributes(HistoryItem.of(e)));
        }
        return items;
    }

    /** One lifecycle document per receivable, with every event of it among {@code events}; at most {@code count}. */
    static List<Document> documents(List<ReceivableEvent> events, int count, long batchTime, long windowMs) {
        Map<String, Lifecycle> byId = new LinkedHashMap<>();
        for (ReceivableEvent e : events) {
            if (byId.size() < count || byId.containsKey(e.idRecebivel())) {
                byId.merge(e.idRecebivel(), Lifecycle.empty().with(e), (old, fresh) -> old.with(e));
            }
        }
        long windowStart = batchTime - Math.floorMod(batchTime, windowMs);
        List<Document> docs = new ArrayList<>(byId.size());
        byId.forEach((id, lifecycle) -> docs.add(
                new Document(id, LifecycleDocument.of(id, lifecycle, windowStart, windowStart + windowMs, batchTime))));
        return docs;
    }

    static Map<String, AttributeValue> attributes(ObjectNode node) {
        return DynamoDbItemSink.attributes(node);
    }
}
