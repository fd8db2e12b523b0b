package io.fluxo.pipeline.receivables;

import static java.util.Objects.requireNonNull;

/** Either a valid event or the reason a record was rejected. */
public sealed interface ParseResult {
    record Valid(ReceivableEvent event) implements ParseResult {
        public Valid {
            requireNonNull(event, "event");
        }
    }

    record Rejected(RejectReason reason, String error) implements ParseResult {
        public Rejected {
            requireNonNull(reason, "reason");
            requireNonNull(error, "error");
        }
    }
}
