package io.fluxo.pipeline.receivables;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The whole history of one receivable as far as the lifecycle needs it. Immutable; each distinct event
 * is kept once (by its id), in a canonical order so the document does not depend on arrival order.
 */
public record Lifecycle(Scheduling scheduling, List<Cancellation> cancellations, List<Negotiation> negotiations) {

    public record Scheduling(String idPagamento, Integer codigoProduto, Integer codigoProdutoParceiro,
            Integer modalidade, BigDecimal valorOriginal, String dataVencimento, String timestamp) {
        public Scheduling {
            requireNonNull(valorOriginal, "valorOriginal");
        }
    }

    public record Cancellation(String idCancelamento, String dataCancelamento, BigDecimal valorCancelado, String motivo) {
        public Cancellation {
            requireNonNull(idCancelamento, "idCancelamento");
            requireNonNull(valorCancelado, "valorCancelado");
        }
    }

    public record Negotiation(String idNegociacao, String dataNegociacao, BigDecimal valorNegociado) {
        public Negotiation {
            requireNonNull(idNegociacao, "idNegociacao");
            requireNonNull(valorNegociado, "valorNegociado");
        }
    }

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    public Lifecycle {
        cancellations = List.copyOf(cancellations);
        negotiations = List.copyOf(negotiations);
    }

    public static Lifecycle empty() {
        return new Lifecycle(null, List.of(), List.of());
    }

    /** True when this very event (same type and id) is already part of the history. */
    public boolean contains(ReceivableEvent event) {
        return switch (event.type()) {
            case AGENDADO -> scheduling != null;
            case CANCELADO -> cancellations.stream().anyMatch(c -> c.idCancelamento().equals(event.eventId()));
            case NEGOCIADO -> negotiations.stream().anyMatch(n -> n.idNegociacao().equals(event.eventId()));
        };
    }

    /** The history with this event added; the same history when the event is already in it. */
    public Lifecycle with(ReceivableEvent event) {
        if (contains(event)) {
            return this;
        }
        return switch (event.type()) {
            case AGENDADO -> new Lifecycle(new Scheduling(event.idPagamento(), event.codigoProduto(),
                    event.codigoProdutoParceiro(), event.modalidade(), event.amount(), event.date(), event.timestamp()),
                    cancellations, negotiations);
            case CANCELADO -> {
                List<Cancellation> next = new ArrayList<>(cancellations);
                next.add(new Cancellation(event.eventId(), event.date(), event.amount(), event.motivo()));
                next.sort(Comparator.comparing(Cancellation::idCancelamento));
                yield new Lifecycle(scheduling, next, negotiations);
            }
            case NEGOCIADO -> {
                List<Negotiation> next = new ArrayList<>(negotiations);
                next.add(new Negotiation(event.eventId(), event.date(), event.amount()));
                next.sort(Comparator.comparing(Negotiation::idNegociacao));
                yield new Lifecycle(scheduling, cancellations, next);
            }
        };
    }

    public BigDecimal totalCancelled() {
        return cancellations.stream().map(Cancellation::valorCancelado).reduce(ZERO, BigDecimal::add);
    }

    public BigDecimal totalNegotiated() {
        return negotiations.stream().map(Negotiation::valorNegociado).reduce(ZERO, BigDecimal::add);
    }

    /** valor_original − cancelled − negotiated, exact; null until the scheduling event arrives. */
    public BigDecimal available() {
        if (scheduling == null) {
            return null;
        }
        return scheduling.valorOriginal().subtract(totalCancelled()).subtract(totalNegotiated()).setScale(2);
    }

    public int eventCount() {
        return (scheduling == null ? 0 : 1) + cancellations.size() + negotiations.size();
    }

    public Situacao situacao() {
        return Situacao.of(scheduling == null ? null : scheduling.valorOriginal(), available());
    }
}
