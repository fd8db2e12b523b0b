package io.fluxo.pipeline.transactions;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * The verdict one transaction must get: the row of {@code transacoes} with this id must hold these values.
 *
 * @param motivo null exactly when approved
 * @param scoreRisco 4 decimal places
 */
public record TransactionExpectation(String idTransacao, boolean aprovada, Motivo motivo, BigDecimal scoreRisco) {
    public TransactionExpectation {
        requireNonNull(idTransacao, "idTransacao");
        requireNonNull(scoreRisco, "scoreRisco");
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
