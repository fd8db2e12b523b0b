package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.testing.PipelineFixture;
import org.junit.jupiter.api.Test;

class ReceivablesBatchWriterTest {

    @Test
    void aHistoryItemTheTableRefusesIsADeadLetterKeyedByItsReceivable() {
        String item = "{\"id_recebivel\":\"r-1\",\"evento\":\"cancelado#c-1\",\"tipo_evento\":\"cancelado\"}";

        OutputRow row = ReceivablesBatchWriter.refusedItem("Recebiveis", item,
                "ValidationException: Item size has exceeded the maximum allowed size", 65_536);

        assertThat(row.getKind()).isEqualTo(OutputRow.DEAD_LETTER);
        assertThat(row.getId()).isEqualTo("dynamodb:Recebiveis/r-1/cancelado#c-1");
        JsonNode letter = PipelineFixture.json(row.getJson());
        assertThat(letter.get("reason").asText()).isEqualTo("SINK_REJECTED");
        assertThat(letter.get("error").asText()).isEqualTo("DynamoDB refused item r-1/cancelado#c-1 in Recebiveis:"
                + " ValidationException: Item size has exceeded the maximum allowed size");
        assertThat(letter.get("topic").asText()).isEqualTo("dynamodb:Recebiveis");
        assertThat(letter.get("key").asText()).isEqualTo("r-1");
        assertThat(letter.get("value").asText()).isEqualTo(item);
    }
}
