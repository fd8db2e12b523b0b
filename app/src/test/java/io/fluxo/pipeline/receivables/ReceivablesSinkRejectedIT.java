package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.testing.PipelineFixture;
import io.fluxo.testing.ReceivablesFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A document OpenSearch refuses for good goes to the DLQ as SINK_REJECTED with the server's message; the rest
 * of the batch is indexed, the history of the refused receivable is still in DynamoDB, and a replay of the batch
 * adds no second letter.
 */
class ReceivablesSinkRejectedIT {

    @Test
    void aDocumentTheIndexRefusesIsDeadLetteredAndTheBatchGoesOn() {
        ReceivablesFixture f = new ReceivablesFixture("sinkrejected");
        String ag = ReceivablesSettings.of(f.config).agendadosTopic();
        // OpenSearch refuses an _id over 512 bytes; DynamoDB takes a partition key of up to 2048 bytes.
        String longId = "r-" + "x".repeat(600);
        f.send(ag, longId, agendado(longId));
        f.send(ag, "r-ok", agendado("r-ok"));

        f.drain();

        assertThat(f.documents()).containsOnlyKeys("r-ok");
        assertThat(f.historyItems()).containsOnlyKeys(longId + "|agendado#" + longId, "r-ok|agendado#r-ok");
        List<JsonNode> letters = f.deadLetters();
        assertThat(letters).hasSize(1);
        JsonNode letter = letters.get(0);
        assertThat(letter.get("reason").asText()).isEqualTo("SINK_REJECTED");
        assertThat(letter.get("error").asText()).startsWith("OpenSearch refused document " + longId + " in "
                + ReceivablesSettings.of(f.config).index() + ": 400 ").contains("512");
        assertThat(letter.get("key").asText()).isEqualTo(longId);
        assertThat(PipelineFixture.json(letter.get("value").asText()).get("id_recebivel").asText()).isEqualTo(longId);
        assertThat(letter.get("topic").asText()).isEqualTo("opensearch:" + ReceivablesSettings.of(f.config).index());
    }

    private static String agendado(String id) {
        return "{\"id_recebivel\":\"" + id + "\",\"id_pagamento\":\"p\",\"codigo_produto\":1,\"codigo_produto_parceiro\":2,"
                + "\"modalidade\":3,\"valor_original\":100,\"data_vencimento\":\"2026-12-01\",\"tipo_evento\":\"agendado\","
                + "\"timestamp\":\"2026-11-21T10:00:00Z\"}";
    }
}
