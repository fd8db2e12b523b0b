package io.fluxo.banking;

/**
 * Why a bank transaction went to the dead-letter topic {@code transactions.dlq}; the code is the DLQ
 * record's "reason". All but {@link #UNKNOWN_PAYER}, {@link #UNKNOWN_RECEIVER} and {@link #SINK_REJECTED} are
 * decided by {@link TransactionParser} from the record alone.
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
    /** A text field holding a NUL character (U+0000), which PostgreSQL text cannot store. */
    INVALID_TEXT,
    /** An id over fluxo.transactions.max-id-bytes in UTF-8: too long for a btree index row. */
    ID_TOO_LONG,
    /** A data_horario outside what PostgreSQL timestamptz stores. */
    TIMESTAMP_OUT_OF_RANGE,
    /** The payer is not in {@code usuarios}: decided by the stateful step, which holds the users. */
    UNKNOWN_PAYER,
    /**
     * A ledger credit whose receiver is not in {@code usuarios}: the payment stands, but its credit has no balance to
     * go to. Kept in the DLQ (its raw value is the credit), so that it is replayed once the receiver exists.
     */
    UNKNOWN_RECEIVER,
    /**
     * A transacoes row (and the alert of that transaction) PostgreSQL refused for good when it was written: decided
     * by the batch writer. The verdict stands (the payer was debited, the credit sent); the letter holds the row.
     */
    SINK_REJECTED
}
