package io.fluxo.banking;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * One transaction as a generator sent it, the fields every pipeline reading bank_transactions can check:
 * the medallion aggregates them into gold, the transactions pipeline's verdicts repeat only the id.
 *
 * @param dataHorario event time, epoch milliseconds
 * @param valorTransacao 2 decimal places
 */
public record TransactionSent(String idTransacao, String idRegiao, String modalidadePagamento, long dataHorario,
        BigDecimal valorTransacao) {
    public TransactionSent {
        requireNonNull(idTransacao, "idTransacao");
        requireNonNull(idRegiao, "idRegiao");
        requireNonNull(modalidadePagamento, "modalidadePagamento");
        requireNonNull(valorTransacao, "valorTransacao");
    }

    public static TransactionSent of(Transaction tx) {
        return new TransactionSent(tx.idTransacao(), tx.idRegiao(), tx.modalidadePagamento().label(), tx.dataHorario(),
                tx.valorTransacao());
    }
}
