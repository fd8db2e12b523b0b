package io.fluxo.pipeline.transactions;

/**
 * Why a bank transaction went to the dead-letter topic {@code transactions.dlq}; the code is the DLQ
 * record's "reason". All but {@link #UNKNOWN_PAYER} are decided by {@link TransactionParser} from the
 * record alone.
 */
public enum RejectReason {
    EMPTY_PAYLOAD,
    PAYLOAD_TOO_LARGE,
    NOT_JSON,
    NOT_AN_OBJECT,
    /** Not in the Confluent wire format, or a body the schema cannot decode. */
    BAD_AVRO,
    MISSING_FIELD,
    WRONG_TYPE,
    UNKNOWN_MODALITY,
    INVALID_AMOUNT,
    UNKNOWN_REGION,
    SAME_PAYER_AND_RECEIVER,
    /** The payer is not in {@code usuarios}: decided by the stateful step, which holds the users. */
    UNKNOWN_PAYER,
    /**
     * A ledger credit whose receiver is not in {@code usuarios}: the payment stands, but its credit has no balance to
     * go to. Kept in the DLQ (its raw value is the credit), so that it is replayed once the receiver exists.
     */
    UNKNOWN_RECEIVER
}
