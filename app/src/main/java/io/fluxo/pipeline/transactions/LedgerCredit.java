package io.fluxo.pipeline.transactions;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * A credit owed to a receiver for an approved payment. Written to the ledger topic (key = receiver) by
 * the batch that approved the payment and read back by the same query, so the receiver's balance,
 * kept under another key, grows in a later micro-batch.
 */
public record LedgerCredit(String idTransacao, String idUsuarioPagador, String idUsuarioRecebedor, BigDecimal valor,
        long dataHorario) {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    public LedgerCredit {
        requireNonNull(idTransacao, "idTransacao");
        requireNonNull(idUsuarioRecebedor, "idUsuarioRecebedor");
        requireNonNull(valor, "valor");
    }

    public String toJson() {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("id_transacao", idTransacao);
        json.put("id_usuario_pagador", idUsuarioPagador);
        json.put("id_usuario_recebedor", idUsuarioRecebedor);
        json.put("valor", valor);
        json.put("data_horario", dataHorario);
        return json.toString();
    }

    public static LedgerCredit fromJson(byte[] bytes) {
        try {
            JsonNode json = MAPPER.readTree(bytes);
            return new LedgerCredit(json.get("id_transacao").asText(), json.path("id_usuario_pagador").asText(null),
                    json.get("id_usuario_recebedor").asText(), json.get("valor").decimalValue().setScale(2),
                    json.path("data_horario").asLong());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read ledger credit: " + e.getMessage(), e);
        }
    }
}
