package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.bench.SinkRawRates.Document;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SyntheticReceivablesTest {
    @Test
    void historyItemsHaveTheSinksKeysAndTypes() {
        List<ReceivableEvent> events = SyntheticReceivables.events(42, 500);
        List<Map<String, AttributeValue>> items = SyntheticReceivables.historyItems(events);
        assertThat(items).hasSize(500);
        Set<String> keys = new HashSet<>();
        for (Map<String, AttributeValue> item : items) {
            assertThat(item.get("id_recebivel").s()).isNotBlank();
            assertThat(item.get("evento").s()).matches("(agendado|cancelado|negociado)#.+");
            assertThat(item.get("offset").n()).isNotNull();
            assertThat(keys.add(item.get("id_recebivel").s() + "/" + item.get("evento").s()))
                    .as("distinct items, so a raw run writes as many items as it sends").isTrue();
        }
        Map<String, AttributeValue> scheduling = items.stream().filter(i -> i.get("evento").s().startsWith("agendado#"))
                .findFirst().orElseThrow();
        assertThat(scheduling.get("valor_original").n()).matches("\\d+\\.\\d{2}");
        assertThat(scheduling.get("timestamp").s()).endsWith("Z");
    }

    @Test
    void documentsAreOnePerReceivableWithItsWholeHistory() {
        List<ReceivableEvent> events = SyntheticReceivables.events(42, 3_000);
        List<Document> docs = SyntheticReceivables.documents(events, 1_000, 1_700_000_000_000L, 15_000);
        assertThat(docs).hasSize(1_000);
        assertThat(docs).extracting(Document::id).doesNotHaveDuplicates();
        Document first = docs.get(0);
        assertThat(first.source().path("id_recebivel").asText()).isEqualTo(first.id());
        assertThat(first.source().path("window_start").asLong()).isEqualTo(1_699_999_995_000L);
        assertThat(first.source().path("atualizado_em").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(docs).anySatisfy(d -> assertThat(d.source().path("quantidade_eventos").asInt()).isGreaterThan(1));
    }

    @Test
    void sameSeedSameEvents() {
        assertThat(SyntheticReceivables.events(7, 50)).extracting(ReceivableEvent::sortKey)
                .isEqualTo(SyntheticReceivables.events(7, 50).stream().map(ReceivableEvent::sortKey).toList());
    }
}
