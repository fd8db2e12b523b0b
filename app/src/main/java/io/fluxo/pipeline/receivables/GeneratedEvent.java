package io.fluxo.pipeline.receivables;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * One receivable event as sent to Kafka (DESIGN §1.1). The fields shared by the three kinds carry the
 * kind's JSON name: {@code valor} is valor_original, valor_cancelado or valor_negociado, {@code data} is
 * data_vencimento, data_cancelamento or data_negociacao.
 *
 * @param eventId id_cancelamento or id_negociacao; the receivable's own id for a scheduling event
 * @param motivo cancellations only, null otherwise
 * @param timestamp when the event was handed to Kafka (a re-sent duplicate keeps its original's)
 */
public record GeneratedEvent(EventType kind, String idRecebivel, String eventId, String idPagamento, int codigoProduto,
        int codigoProdutoParceiro, int modalidade, BigDecimal valor, LocalDate data, String motivo, Instant timestamp) {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    public GeneratedEvent {
        requireNonNull(kind, "kind");
        requireNonNull(idRecebivel, "idRecebivel");
        requireNonNull(eventId, "eventId");
        requireNonNull(idPagamento, "idPagamento");
        requireNonNull(valor, "valor");
        requireNonNull(data, "data");
        if ((kind == EventType.CANCELADO) != (motivo != null)) {
            throw new IllegalArgumentException("Invalid motivo for a " + kind.label() + " event: " + motivo);
        }
        if (kind == EventType.AGENDADO && !eventId.equals(idRecebivel)) {
            throw new IllegalArgumentException("Invalid eventId of a scheduling event: " + eventId);
        }
    }

    /** The DynamoDB history sort key: agendado#id_recebivel, cancelado#id_cancelamento, negociado#id_negociacao. */
    public String evento() {
        return kind.label() + "#" + eventId;
    }

    public GeneratedEvent withTimestamp(Instant timestamp) {
        return new GeneratedEvent(kind, idRecebivel, eventId, idPagamento, codigoProduto, codigoProdutoParceiro,
                modalidade, valor, data, motivo, timestamp);
    }

    /** The Kafka value: a JSON object in the field order of DESIGN §1.1, amounts as numbers with 2 decimals. */
    public byte[] toJson() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(384);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("id_recebivel", idRecebivel);
            if (kind == EventType.AGENDADO) {
                g.writeStringField("id_pagamento", idPagamento);
                g.writeNumberField("codigo_produto", codigoProduto);
                g.writeNumberField("codigo_produto_parceiro", codigoProdutoParceiro);
                g.writeNumberField("modalidade", modalidade);
                g.writeNumberField(kind.amountField(), valor);
                g.writeStringField(kind.dateField(), data.toString());
            } else {
                g.writeStringField(kind.idField(), eventId);
                g.writeNumberField(kind.amountField(), valor);
                g.writeStringField(kind.dateField(), data.toString());
                if (motivo != null) {
                    g.writeStringField("motivo", motivo);
                }
                g.writeStringField("id_pagamento", idPagamento);
                g.writeNumberField("codigo_produto", codigoProduto);
                g.writeNumberField("codigo_produto_parceiro", codigoProdutoParceiro);
                g.writeNumberField("modalidade", modalidade);
            }
            g.writeStringField("tipo_evento", kind.label());
            if (timestamp != null) {
                g.writeStringField("timestamp", DateTimeFormatter.ISO_INSTANT.format(timestamp));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public String toJsonString() {
        return new String(toJson(), StandardCharsets.UTF_8);
    }
}
