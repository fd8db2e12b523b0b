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
    WRONG_TYPE,
    INVALID_AMOUNT,
    INVALID_DATE,
    TYPE_MISMATCH,
    UNKNOWN_TOPIC
}
