package io.fluxo.pipeline.receivables;

import java.math.BigDecimal;

/** Where a receivable stands, from its whole history (DESIGN §1.1). */
public enum Situacao {
    /** No scheduling event yet: cancellations or negotiations arrived first. */
    SEM_AGENDAMENTO,
    /** Nothing cancelled or negotiated. */
    DISPONIVEL,
    /** 0 &lt; disponível &lt; original. */
    PARCIAL,
    /** disponível = 0. */
    ESGOTADO,
    /** disponível &lt; 0: more was cancelled or negotiated than exists. */
    INCONSISTENTE;

    /**
     * The one rule, for the pipeline and the generator's expectation alike. By amounts, never by event count:
     * a cancellation of 0.00 leaves a receivable DISPONIVEL, and a valor_original of 0.00 is ESGOTADO (nothing is
     * available), since "disponível = 0" decides before "nothing cancelled or negotiated".
     *
     * @param valorOriginal null when no scheduling event was seen
     * @param valorDisponivel original minus everything cancelled and negotiated; ignored without a scheduling
     */
    public static Situacao of(BigDecimal valorOriginal, BigDecimal valorDisponivel) {
        if (valorOriginal == null) {
            return SEM_AGENDAMENTO;
        }
        int sign = valorDisponivel.signum();
        if (sign < 0) {
            return INCONSISTENTE;
        }
        if (sign == 0) {
            return ESGOTADO;
        }
        return valorDisponivel.compareTo(valorOriginal) == 0 ? DISPONIVEL : PARCIAL;
    }
}
