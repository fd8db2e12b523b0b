package io.fluxo.generator.receivables;

import java.math.BigDecimal;

/** The lifecycle state of a receivable, as the lifecycle document names it (DESIGN §1.1). */
public enum Situacao {
    SEM_AGENDAMENTO, DISPONIVEL, PARCIAL, ESGOTADO, INCONSISTENTE;

    /**
     * @param valorOriginal null when no scheduling event was seen
     * @param followUps distinct cancellations and negotiations seen
     * @param valorDisponivel original minus everything cancelled and negotiated
     */
    public static Situacao of(BigDecimal valorOriginal, int followUps, BigDecimal valorDisponivel) {
        if (valorOriginal == null) {
            return SEM_AGENDAMENTO;
        }
        if (followUps == 0) {
            return DISPONIVEL;
        }
        int sign = valorDisponivel.signum();
        return sign == 0 ? ESGOTADO : sign < 0 ? INCONSISTENTE : PARCIAL;
    }
}
