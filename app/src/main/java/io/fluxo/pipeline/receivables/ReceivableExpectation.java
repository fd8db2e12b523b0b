package io.fluxo.pipeline.receivables;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * What the sinks must hold for one receivable once the pipeline has seen every generated event
 * (DESIGN §5): the lifecycle document's totals and the DynamoDB history's sort keys.
 *
 * @param valorOriginal null when no scheduling event was sent
 * @param quantidadeEventos distinct events, the scheduling event included
 * @param valorDisponivel original minus cancelled minus negotiated; null without a scheduling event
 * @param eventos the history sort keys ({@code evento}), sorted
 */
public record ReceivableExpectation(String idRecebivel, BigDecimal valorOriginal, int quantidadeEventos,
        int quantidadeCancelamentos, int quantidadeNegociacoes, BigDecimal valorTotalCancelado,
        BigDecimal valorTotalNegociado, BigDecimal valorDisponivel, Situacao situacao, List<String> eventos) {

    public ReceivableExpectation {
        requireNonNull(idRecebivel, "idRecebivel");
        valorOriginal = cents(valorOriginal);
        valorTotalCancelado = cents(requireNonNull(valorTotalCancelado, "valorTotalCancelado"));
        valorTotalNegociado = cents(requireNonNull(valorTotalNegociado, "valorTotalNegociado"));
        valorDisponivel = cents(valorDisponivel);
        requireNonNull(situacao, "situacao");
        eventos = List.copyOf(eventos.stream().sorted().toList());
    }

    /** The ids of the cancellations, from the sort keys. */
    public List<String> idsCancelamento() {
        return idsOf(EventType.CANCELADO);
    }

    /** The ids of the negotiations, from the sort keys. */
    public List<String> idsNegociacao() {
        return idsOf(EventType.NEGOCIADO);
    }

    private List<String> idsOf(EventType kind) {
        String prefix = kind.label() + "#";
        return eventos.stream().filter(e -> e.startsWith(prefix)).map(e -> e.substring(prefix.length())).toList();
    }

    /** Scale 2, exactly: an amount with more decimals is a bug, not something to round. */
    private static BigDecimal cents(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.UNNECESSARY);
    }
}
