package io.fluxo.pipeline.receivables;

import java.util.Locale;
import java.util.Optional;

/** The three kinds of receivable events, each with its own topic, id field and amount field. */
public enum EventType {
    AGENDADO("id_recebivel", "valor_original", "data_vencimento"),
    CANCELADO("id_cancelamento", "valor_cancelado", "data_cancelamento"),
    NEGOCIADO("id_negociacao", "valor_negociado", "data_negociacao");

    private final String idField;
    private final String amountField;
    private final String dateField;

    EventType(String idField, String amountField, String dateField) {
        this.idField = idField;
        this.amountField = amountField;
        this.dateField = dateField;
    }

    /** The value of tipo_evento and the prefix of the history sort key. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String idField() {
        return idField;
    }

    public String amountField() {
        return amountField;
    }

    public String dateField() {
        return dateField;
    }

    /** History sort key: one item per event, so repeated cancellations never overwrite each other. */
    public String sortKey(String eventId) {
        return label() + "#" + eventId;
    }

    public static Optional<EventType> fromLabel(String label) {
        for (EventType type : values()) {
            if (type.label().equalsIgnoreCase(label)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
