package io.fluxo.pipeline.receivables;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The DynamoDB history item of one event: keys, every payload field, and where it was read from; and, for an
 * amount rounded from sub-cent digits, the amount as sent.
 */
public final class HistoryItem {
    /**
     * The amount exactly as sent, beside the rounded one, when fluxo.amounts.sub-cent = round-half-even rounded
     * it; absent otherwise. A string: a number attribute would hold only 38 digits.
     */
    public static final String AMOUNT_SENT = "valor_enviado";
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private HistoryItem() {
    }

    public static ObjectNode of(ReceivableEvent e) {
        ObjectNode item = NODES.objectNode();
        item.put("id_recebivel", e.idRecebivel());
        item.put("evento", e.sortKey());
        item.put("tipo_evento", e.type().label());
        if (e.type() != EventType.AGENDADO) {
            item.put(e.type().idField(), e.eventId());
        }
        item.put(e.type().amountField(), e.amount());
        putIfPresent(item, AMOUNT_SENT, e.amountSent());
        putIfPresent(item, e.type().dateField(), e.date());
        putIfPresent(item, "motivo", e.motivo());
        putIfPresent(item, "id_pagamento", e.idPagamento());
        if (e.codigoProduto() != null) {
            item.put("codigo_produto", e.codigoProduto());
        }
        if (e.codigoProdutoParceiro() != null) {
            item.put("codigo_produto_parceiro", e.codigoProdutoParceiro());
        }
        if (e.modalidade() != null) {
            item.put("modalidade", e.modalidade());
        }
        putIfPresent(item, "timestamp", e.timestamp());
        item.put("topic", e.topic());
        item.put("partition", e.partition());
        item.put("offset", e.offset());
        return item;
    }

    public static String toJson(ReceivableEvent e) {
        try {
            return LifecycleDocument.MAPPER.writeValueAsString(of(e));
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void putIfPresent(ObjectNode item, String field, String value) {
        if (value != null) {
            item.put(field, value);
        }
    }
}
