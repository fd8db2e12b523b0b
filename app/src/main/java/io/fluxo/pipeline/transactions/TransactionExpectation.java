package io.fluxo.pipeline.transactions;

import io.fluxo.banking.TransactionSent;

import io.fluxo.banking.Transaction;
import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * The verdict one transaction must get: the row of {@code transacoes} with this id must hold these values.
 *
 * @param motivo null exactly when approved
 * @param scoreRisco 4 decimal places
 * @param sent what was sent (region, modality, event time, amount), which the medallion expectation aggregates;
 *     null when read from an expectation file of an earlier version that did not hold it
 */
public record TransactionExpectation(String idTransacao, boolean aprovada, Motivo motivo, BigDecimal scoreRisco,
        TransactionSent sent) {

    /** A verdict without what was sent. */
    public TransactionExpectation(String idTransacao, boolean aprovada, Motivo motivo, BigDecimal scoreRisco) {
        this(idTransacao, aprovada, motivo, scoreRisco, null);
    }

    public TransactionExpectation {
        requireNonNull(idTransacao, "idTransacao");
        requireNonNull(scoreRisco, "scoreRisco");
        if (sent != null && !sent.idTransacao().equals(idTransacao)) {
            throw new IllegalArgumentException("Invalid expectation of " + idTransacao + ": sent as " + sent.idTransacao());
        }
        if (aprovada != (motivo == null)) {
            throw new IllegalArgumentException("Invalid expectation of " + idTransacao + ": aprovada=" + aprovada
                    + " with motivo " + motivo + " (a motivo exactly when refused)");
        }
        if (scoreRisco.scale() != 4) {
            throw new IllegalArgumentException("Invalid score_risco of " + idTransacao + ": " + scoreRisco.toPlainString()
                    + " (must have 4 decimal places)");
        }
    }
}
