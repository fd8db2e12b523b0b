package io.fluxo.pipeline.transactions;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * The outcome of one transaction: approved, or refused for {@code motivo}. The score is computed for every
 * transaction, refused or not.
 *
 * @param motivo null exactly when approved
 */
public record Verdict(boolean aprovada, Motivo motivo, RiskScore score) implements Serializable {
    public Verdict {
        requireNonNull(score, "score");
        if (aprovada != (motivo == null)) {
            throw new IllegalArgumentException("Invalid verdict: aprovada=" + aprovada + " with motivo " + motivo
                    + " (a motivo exactly when refused)");
        }
    }

    public static Verdict approved(RiskScore score) {
        return new Verdict(true, null, score);
    }

    public static Verdict refused(Motivo motivo, RiskScore score) {
        return new Verdict(false, requireNonNull(motivo, "motivo"), score);
    }

    /** Whether this verdict raises a fraud alert (alertas_fraude, topic fraud-alerts). */
    public boolean alert() {
        return motivo == Motivo.SUSPEITA_FRAUDE;
    }
}
