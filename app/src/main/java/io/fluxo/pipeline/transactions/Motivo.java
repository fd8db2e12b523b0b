package io.fluxo.pipeline.transactions;

/** Why a valid transaction was refused, in the order the rules are checked (DESIGN §1.2). */
public enum Motivo {
    /** valor_transacao is over the payer's balance. */
    SALDO_INSUFICIENTE,
    /** valor_transacao is over the payer's limit for the modality. */
    LIMITE_EXCEDIDO,
    /** The risk score is over the threshold; also raises a fraud alert. */
    SUSPEITA_FRAUDE
}
