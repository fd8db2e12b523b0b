package io.fluxo.pipeline.receivables;

/** Why a record went to the dead-letter topic; the code is the DLQ record's "reason". */
public enum RejectReason {
    PAYLOAD_TOO_LARGE,
    EMPTY_PAYLOAD,
    NOT_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    /** An id over 512 UTF-8 bytes: too long for a DynamoDB key or an OpenSearch _id. */
    ID_TOO_LONG,
    /** A history item over fluxo.receivables.max-item-bytes (DynamoDB holds items up to 400 KB). */
    ITEM_TOO_LARGE,
    WRONG_TYPE,
    INVALID_AMOUNT,
    INVALID_DATE,
    TYPE_MISMATCH,
    UNKNOWN_TOPIC
}
