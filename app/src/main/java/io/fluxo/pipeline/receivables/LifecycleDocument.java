package io.fluxo.pipeline.receivables;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;

/** The lifecycle document of DESIGN §1.1, as the JSON indexed into ciclo_vida_recebiveis. */
public final class LifecycleDocument {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private LifecycleDocument() {
    }

    public static ObjectNode of(String idRecebivel, Lifecycle lifecycle, long windowStart, long windowEnd, long updatedAt) {
        ObjectNode doc = NODES.objectNode();
        Lifecycle.Scheduling s = lifecycle.scheduling();
        doc.put("id_recebivel", idRecebivel);
        doc.put("id_pagamento", s == null ? null : s.idPagamento());
        doc.put("codigo_produto", s == null ? null : s.codigoProduto());
        doc.put("codigo_produto_parceiro", s == null ? null : s.codigoProdutoParceiro());
        doc.put("modalidade", s == null ? null : s.modalidade());
        doc.put("valor_original", s == null ? null : s.valorOriginal());
        doc.put("data_vencimento", s == null ? null : s.dataVencimento());
        doc.put("timestamp", s == null ? null : s.timestamp());
        ArrayNode cancelamentos = doc.putArray("cancelamentos");
        for (Lifecycle.Cancellation c : lifecycle.cancellations()) {
            cancelamentos.addObject()
                    .put("id_cancelamento", c.idCancelamento())
                    .put("data_cancelamento", c.dataCancelamento())
                    .put("valor_cancelado", c.valorCancelado())
                    .put("motivo", c.motivo());
        }
        ArrayNode negociacoes = doc.putArray("negociacoes");
        for (Lifecycle.Negotiation n : lifecycle.negotiations()) {
            negociacoes.addObject()
                    .put("id_negociacao", n.idNegociacao())
                    .put("data_negociacao", n.dataNegociacao())
                    .put("valor_negociado", n.valorNegociado());
        }
        doc.put("quantidade_eventos", lifecycle.eventCount());
        doc.put("quantidade_cancelamentos", lifecycle.cancellations().size());
        doc.put("quantidade_negociacoes", lifecycle.negotiations().size());
        doc.put("valor_total_cancelado", lifecycle.totalCancelled());
        doc.put("valor_total_negociado", lifecycle.totalNegotiated());
        doc.put("valor_disponivel", lifecycle.available());
        doc.put("situacao", lifecycle.situacao().name());
        doc.put("window_start", windowStart);
        doc.put("window_end", windowEnd);
        doc.put("atualizado_em", Instant.ofEpochMilli(updatedAt).toString());
        return doc;
    }

    public static String toJson(ObjectNode doc) {
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
