package io.fluxo.pipeline.receivables;

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
    INCONSISTENTE
}
