package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.testing.PipelineFixture;
import io.fluxo.testing.ReceivablesFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a sink refuses for good goes to the DLQ as SINK_REJECTED with the server's message: a document OpenSearch
 * refuses, a history item DynamoDB refuses. The rest of the batch is written, and a replay of the batch adds no
 * second letter.
 */
class ReceivablesSinkRejectedIT {

    @Test
    void aDocumentTheIndexRefusesIsDeadLetteredAndTheBatchGoesOn() {
        ReceivablesFixture f = new ReceivablesFixture("sinkrejected");
        String ca = ReceivablesSettings.of(f.config).canceladosTopic();
        // motivo is a keyword: Lucene refuses a term over 32766 bytes; DynamoDB takes the item (under 400 KB).
        f.send(ca, "r-immense", cancelado("r-immense", "c-1", "m".repeat(40_000), null));
        f.send(ca, "r-ok", cancelado("r-ok", "c-1", "CHARGEBACK", null));

        f.drain();

        assertThat(f.documents()).containsOnlyKeys("r-ok");
        assertThat(f.historyItems()).containsOnlyKeys("r-immense|cancelado#c-1", "r-ok|cancelado#c-1");
        List<JsonNode> letters = f.deadLetters();
        assertThat(letters).hasSize(1);
        JsonNode letter = letters.get(0);
        assertThat(letter.get("reason").asText()).isEqualTo("SINK_REJECTED");
        assertThat(letter.get("error").asText()).startsWith("OpenSearch refused document r-immense in "
                + ReceivablesSettings.of(f.config).index() + ": 400 ").contains("immense term");
        assertThat(letter.get("key").asText()).isEqualTo("r-immense");
        assertThat(PipelineFixture.json(letter.get("value").asText()).get("id_recebivel").asText()).isEqualTo("r-immense");
        assertThat(letter.get("topic").asText()).isEqualTo("opensearch:" + ReceivablesSettings.of(f.config).index());

        f.uncommitLastBatch();
        f.drain();
        assertThat(f.deadLetters()).hasSize(1);
    }

    @Test
    void aHistoryItemTheTableRefusesIsDeadLetteredAndTheBatchGoesOn() {
        // DynamoDB refuses an item over 400 KB; a payload limit above that, and the parser's item check raised past
        // DynamoDB's own limit, let one through to the table.
        ReceivablesFixture f = new ReceivablesFixture("dynamorejected",
                Map.of("FLUXO_RECEIVABLES_MAX__PAYLOAD__BYTES", "900000", "FLUXO_RECEIVABLES_MAX__ITEM__BYTES", "900000"));
        String ag = ReceivablesSettings.of(f.config).agendadosTopic();
        String ca = ReceivablesSettings.of(f.config).canceladosTopic();
        // A cancellation's id_pagamento is in its history item only, not in the lifecycle document.
        String big = cancelado("r-big", "c-big", "CHARGEBACK", "p".repeat(420_000));
        f.send(ag, "r-big", agendado("r-big"));
        f.send(ca, "r-big", big);
        f.send(ca, "r-big", cancelado("r-big", "c-small", "CHARGEBACK", null));
        f.send(ag, "r-ok", agendado("r-ok"));

        f.drain();

        assertThat(f.historyItems()).containsOnlyKeys("r-big|agendado#r-big", "r-big|cancelado#c-small",
                "r-ok|agendado#r-ok");
        Map<String, JsonNode> documents = f.documents();
        assertThat(documents).containsOnlyKeys("r-big", "r-ok");
        assertThat(documents.get("r-big").get("quantidade_cancelamentos").asInt()).isEqualTo(2);
        String table = ReceivablesSettings.of(f.config).table();
        List<JsonNode> letters = f.deadLetters();
        assertThat(letters).hasSize(1);
        JsonNode letter = letters.get(0);
        assertThat(letter.get("reason").asText()).isEqualTo("SINK_REJECTED");
        assertThat(letter.get("error").asText()).startsWith("DynamoDB refused item r-big/cancelado#c-big in " + table
                + ": ValidationException: ");
        assertThat(letter.get("key").asText()).isEqualTo("r-big");
        assertThat(letter.get("topic").asText()).isEqualTo("dynamodb:" + table);
        // The item is over the DLQ's raw-value cap: cut, with its length kept.
        assertThat(letter.get("value").asText()).startsWith("{\"id_recebivel\":\"r-big\",\"evento\":\"cancelado#c-big\"");
        assertThat(letter.get("value_bytes").asLong()).isGreaterThan(big.getBytes(StandardCharsets.UTF_8).length - 1000L);

        f.uncommitLastBatch();
        f.drain();
        assertThat(f.deadLetters()).hasSize(1);
        assertThat(f.historyItems()).hasSize(3);
        assertThat(f.documents()).isEqualTo(documents);
    }

    @Test
    void anEventWhoseHistoryItemIsOverDynamoDbsLimitIsRefusedByTheParserBeforeTheWrite() {
        ReceivablesFixture f = new ReceivablesFixture("itemtoolarge", Map.of("FLUXO_RECEIVABLES_MAX__PAYLOAD__BYTES", "900000"));
        String ag = ReceivablesSettings.of(f.config).agendadosTopic();
        String ca = ReceivablesSettings.of(f.config).canceladosTopic();
        f.send(ag, "r-big", agendado("r-big"));
        f.send(ca, "r-big", cancelado("r-big", "c-big", "CHARGEBACK", "p".repeat(420_000)));
        f.send(ca, "r-big", cancelado("r-big", "c-small", "CHARGEBACK", null));

        f.drain();

        assertThat(f.historyItems()).containsOnlyKeys("r-big|agendado#r-big", "r-big|cancelado#c-small");
        assertThat(f.documents().get("r-big").get("quantidade_cancelamentos").asInt()).isEqualTo(1);
        List<JsonNode> letters = f.deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).get("reason").asText()).isEqualTo("ITEM_TOO_LARGE");
        assertThat(letters.get(0).get("error").asText()).matches("History item of 420\\d{3} bytes is over the DynamoDB"
                + " item limit of 409600 bytes \\(fluxo.receivables.max-item-bytes\\)");
        assertThat(letters.get(0).get("topic").asText()).isEqualTo(ca);
    }

    private static String agendado(String id) {
        return "{\"id_recebivel\":\"" + id + "\",\"id_pagamento\":\"p\",\"codigo_produto\":1,\"codigo_produto_parceiro\":2,"
                + "\"modalidade\":3,\"valor_original\":100,\"data_vencimento\":\"2026-12-01\",\"tipo_evento\":\"agendado\","
                + "\"timestamp\":\"2026-11-21T10:00:00Z\"}";
    }

    private static String cancelado(String id, String cancelamento, String motivo, String pagamento) {
        return "{\"id_recebivel\":\"" + id + "\",\"id_cancelamento\":\"" + cancelamento + "\",\"valor_cancelado\":10,"
                + "\"data_cancelamento\":\"2026-11-22\",\"motivo\":\"" + motivo + "\",\"tipo_evento\":\"cancelado\""
                + (pagamento == null ? "" : ",\"id_pagamento\":\"" + pagamento + "\"") + "}";
    }
}
