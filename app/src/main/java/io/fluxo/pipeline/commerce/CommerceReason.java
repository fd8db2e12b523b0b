package io.fluxo.pipeline.commerce;

/**
 * Why a sales event went to the dead-letter topic {@code commerce.dlq}; the code is the DLQ record's "reason".
 * All but {@link #DUPLICATE_EVENT} and {@link #SINK_REJECTED} are decided by {@link SalesEventParser} from the record
 * alone.
 */
public enum CommerceReason {
    EMPTY_PAYLOAD,
    PAYLOAD_TOO_LARGE,
    NOT_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_TYPE,
    UNKNOWN_EVENT_TYPE,
    /** An amount below 0.00. */
    NEGATIVE_AMOUNT,
    /** A purchase with no amount, or 0.00. */
    PURCHASE_WITHOUT_AMOUNT,
    /** An amount with real digits below the cent (under the reject policy), or over what decimal(18,2) holds. */
    INVALID_AMOUNT,
    /** A timestamp that is not an ISO-8601 instant, or outside years 1 to 9999. */
    BAD_TIMESTAMP,
    /** A text field holding a NUL character (U+0000), which PostgreSQL text cannot store. */
    INVALID_TEXT,
    /** An id over fluxo.commerce.max-id-bytes in UTF-8. */
    ID_TOO_LONG,
    /**
     * A valid event whose event_id its user already sent while that first copy was on time (a redelivery): the copy
     * is counted nowhere; decided by the stateful step.
     */
    DUPLICATE_EVENT,
    /** A row PostgreSQL refused for good when it was written: decided by the batch writer. */
    SINK_REJECTED
}
