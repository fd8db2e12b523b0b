package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.testing.ReceivablesFixture;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every class of bad input lands in the dead-letter topic with its reason, in the same micro-batch as
 * good events that are all processed; duplicates count once; a cancellation may precede its scheduling.
 */
class ReceivablesBadInputIT {

    @Test
    void rejectsEachBadRecordWithItsReasonAndKeepsEveryGoodOne() throws Exception {
        ReceivablesFixture f = new ReceivablesFixture("badinput");
        String ag = ReceivablesSettings.of(f.config).agendadosTopic();
        String ca = ReceivablesSettings.of(f.config).canceladosTopic();
        String ne = ReceivablesSettings.of(f.config).negociadosTopic();

        // Good events of the same batch, including a duplicate and a cancellation before its scheduling.
        f.send(ag, "r-a", "{\"id_recebivel\":\"r-a\",\"id_pagamento\":\"p-a\",\"codigo_produto\":1,\"codigo_produto_parceiro\":2,"
                + "\"modalidade\":3,\"valor_original\":100,\"data_vencimento\":\"2026-12-01\",\"tipo_evento\":\"AGENDADO\","
                + "\"timestamp\":\"2026-11-21T10:00:00Z\",\"campo_novo\":true}");
        f.send(ca, "r-a", "{\"id_recebivel\":\"r-a\",\"id_cancelamento\":\"c1\",\"valor_cancelado\":30.10,"
                + "\"data_cancelamento\":\"2026-11-21\",\"motivo\":\"CHARGEBACK\",\"tipo_evento\":\"cancelado\"}");
        f.send(ca, "r-a", "{\"id_recebivel\":\"r-a\",\"id_cancelamento\":\"c1\",\"valor_cancelado\":30.10,"
                + "\"data_cancelamento\":\"2026-11-21\",\"motivo\":\"CHARGEBACK\",\"tipo_evento\":\"cancelado\"}");
        f.send(ne, "r-a", "{\"id_recebivel\":\"r-a\",\"id_negociacao\":\"n1\",\"valor_negociado\":19.90,"
                + "\"data_negociacao\":\"2026-11-22\",\"tipo_evento\":\"negociado\"}");
        f.send(ca, "r-b", "{\"id_recebivel\":\"r-b\",\"id_cancelamento\":\"cb1\",\"valor_cancelado\":10,"
                + "\"tipo_evento\":\"cancelado\"}");

        // One record of each bad class; expected reason by raw value.
        Map<String, String> bad = new TreeMap<>();
        bad.put("this is not json", "NOT_JSON");
        bad.put("[{\"id_recebivel\":\"r-x\"}]", "NOT_AN_OBJECT");
        bad.put("{\"valor_original\":1,\"tipo_evento\":\"agendado\"}", "MISSING_FIELD");
        bad.put("{\"id_recebivel\":\"r-x\",\"tipo_evento\":\"agendado\"}", "INVALID_AMOUNT");
        bad.put("{\"id_recebivel\":\"r-x\",\"valor_original\":-5,\"tipo_evento\":\"agendado\"}", "INVALID_AMOUNT");
        bad.put("{\"id_recebivel\":\"r-x\",\"valor_original\":\"cem\",\"tipo_evento\":\"agendado\"}", "INVALID_AMOUNT");
        bad.put("{\"id_recebivel\":\"r-x\",\"valor_original\":1,\"tipo_evento\":\"agendado\",\"modalidade\":\"a\"}", "WRONG_TYPE");
        bad.put("{\"id_recebivel\":\"r-x\",\"valor_original\":1,\"tipo_evento\":\"cancelado\"}", "TYPE_MISMATCH");
        bad.put("{\"id_recebivel\":\"r-x\",\"valor_original\":1,\"tipo_evento\":\"agendado\",\"data_vencimento\":\"2026-13-45\"}", "INVALID_DATE");
        bad.put("{\"id_recebivel\":\"" + "€".repeat(171) + "\",\"valor_original\":1,\"tipo_evento\":\"agendado\"}", "ID_TOO_LONG");
        bad.put("{\"id_recebivel\":\"r-x\",\"valor_original\":1,\"tipo_evento\":\"agendado\",\"pad\":\"" + "x".repeat(70_000) + "\"}",
                "PAYLOAD_TOO_LARGE");
        bad.forEach((value, reason) -> f.send(ag, "r-x", value));
        f.sendBytes(ag, null, new byte[0]);
        byte[] binary = {(byte) 0xC3, (byte) 0x28, 0x00, (byte) 0xFF};
        f.sendBytes(ag, null, binary);

        f.drain();

        List<JsonNode> letters = f.deadLetters();
        assertThat(letters).hasSize(bad.size() + 2);
        Map<String, String> reasonByValue = new TreeMap<>();
        for (JsonNode letter : letters) {
            assertThat(letter.get("pipeline").asText()).isEqualTo("receivables");
            assertThat(letter.get("topic").asText()).isEqualTo(ag);
            assertThat(letter.get("offset").isIntegralNumber()).isTrue();
            assertThat(letter.get("error").asText()).isNotBlank();
            assertThat(letter.get("failed_at").asText()).isNotBlank();
            String value = letter.get("value").isNull() ? null : letter.get("value").asText();
            if ("base64".equals(letter.get("value_encoding").asText())) {
                assertThat(Base64.getDecoder().decode(value)).isEqualTo(binary);
                assertThat(letter.get("reason").asText()).isEqualTo("NOT_JSON");
            } else if (value == null || value.isEmpty()) {
                assertThat(letter.get("reason").asText()).isEqualTo("EMPTY_PAYLOAD");
            } else if (letter.get("value_truncated").asBoolean()) {
                // Over the dead-letter cap (64 KiB): the head of the value, with the length and hash of all of it.
                String full = bad.keySet().stream().filter(v -> v.startsWith(value)).findFirst().orElseThrow();
                byte[] bytes = full.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                assertThat(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(65_536);
                assertThat(letter.get("value_bytes").asInt()).isEqualTo(bytes.length);
                assertThat(letter.get("value_sha256").asText()).isEqualTo(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
                reasonByValue.put(full, letter.get("reason").asText());
            } else {
                assertThat(letter.get("value_bytes").asInt()).isEqualTo(value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                reasonByValue.put(value, letter.get("reason").asText());
            }
        }
        assertThat(reasonByValue).isEqualTo(bad);

        Map<String, JsonNode> docs = f.documents();
        assertThat(docs).containsOnlyKeys("r-a", "r-b");
        JsonNode a = docs.get("r-a");
        assertThat(a.get("valor_original").decimalValue()).isEqualTo(new BigDecimal("100.00"));
        assertThat(a.get("valor_total_cancelado").decimalValue()).isEqualTo(new BigDecimal("30.10"));
        assertThat(a.get("valor_total_negociado").decimalValue()).isEqualTo(new BigDecimal("19.90"));
        assertThat(a.get("valor_disponivel").decimalValue()).isEqualTo(new BigDecimal("50.00"));
        assertThat(a.get("situacao").asText()).isEqualTo("PARCIAL");
        assertThat(a.get("quantidade_eventos").asInt()).isEqualTo(3);
        assertThat(a.get("quantidade_cancelamentos").asInt()).isEqualTo(1);
        assertThat(a.get("window_end").asLong() - a.get("window_start").asLong()).isEqualTo(1000L);
        JsonNode b = docs.get("r-b");
        assertThat(b.get("situacao").asText()).isEqualTo("SEM_AGENDAMENTO");
        assertThat(b.get("valor_disponivel").isNull()).isTrue();
        assertThat(b.get("quantidade_eventos").asInt()).isEqualTo(1);

        Map<String, Map<String, String>> history = f.historyItems();
        assertThat(history).containsOnlyKeys("r-a|agendado#r-a", "r-a|cancelado#c1", "r-a|negociado#n1", "r-b|cancelado#cb1");
        assertThat(history.get("r-a|cancelado#c1")).containsEntry("motivo", "CHARGEBACK").containsEntry("topic", ca);
        assertThat(new BigDecimal(history.get("r-a|cancelado#c1").get("valor_cancelado"))).isEqualByComparingTo("30.10");

        // Later: the scheduling event of r-b arrives, and a second scheduling of r-a that must not win.
        f.send(ag, "r-b", "{\"id_recebivel\":\"r-b\",\"valor_original\":10.00,\"tipo_evento\":\"agendado\"}");
        f.send(ag, "r-a", "{\"id_recebivel\":\"r-a\",\"valor_original\":999.99,\"tipo_evento\":\"agendado\"}");
        f.drain();

        docs = f.documents();
        assertThat(docs.get("r-b").get("situacao").asText()).isEqualTo("ESGOTADO");
        assertThat(docs.get("r-b").get("valor_disponivel").decimalValue()).isEqualTo(new BigDecimal("0.00"));
        assertThat(docs.get("r-b").get("quantidade_eventos").asInt()).isEqualTo(2);
        assertThat(docs.get("r-a").get("valor_original").decimalValue()).isEqualTo(new BigDecimal("100.00"));
        assertThat(docs.get("r-a").get("quantidade_eventos").asInt()).isEqualTo(3);
        assertThat(f.historyItems()).hasSize(5);
        assertThat(f.deadLetters()).hasSize(bad.size() + 2);
    }
}
