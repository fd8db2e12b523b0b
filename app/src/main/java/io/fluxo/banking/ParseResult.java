package io.fluxo.banking;

import static java.util.Objects.requireNonNull;

/** Either a valid transaction or the reason a record was rejected. */
public sealed interface ParseResult {
    record Valid(Transaction transaction) implements ParseResult {
        public Valid {
            requireNonNull(transaction, "transaction");
        }
    }

    record Rejected(RejectReason reason, String error) implements ParseResult {
        public Rejected {
            requireNonNull(reason, "reason");
            requireNonNull(error, "error");
        }
    }
}
