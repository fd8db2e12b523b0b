package io.fluxo.pipeline.receivables;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * A valid receivable event. Optional payload fields are null when absent; amount has scale 2.
 * For AGENDADO, eventId equals idRecebivel.
 *
 * @param amountSent the amount exactly as sent when it had sub-cent digits and was rounded
 *     (fluxo.amounts.sub-cent = round-half-even), else null
 */
public record ReceivableEvent(
        EventType type,
        String idRecebivel,
        String eventId,
        BigDecimal amount,
        String amountSent,
        String date,
        String motivo,
        String idPagamento,
        Integer codigoProduto,
        Integer codigoProdutoParceiro,
        Integer modalidade,
        String timestamp,
        String topic,
        int partition,
        long offset) {

    public ReceivableEvent {
        requireNonNull(type, "type");
        requireNonNull(idRecebivel, "idRecebivel");
        requireNonNull(eventId, "eventId");
        requireNonNull(amount, "amount");
        requireNonNull(topic, "topic");
    }

    public String sortKey() {
        return type.sortKey(eventId);
    }
}
