package io.fluxo.banking;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one {@code fluxo produce transactions} run sent, beyond the verdict of each transaction: how many records,
 * how many of them distinct transactions, exact redeliveries and invalid records by the reason the pipeline must
 * refuse them with (the transactions generator's noise).
 *
 * @param records every record sent: transactions + duplicates + invalid
 * @param invalid in reason order, zeros left out
 */
public record SentRecords(long records, long transactions, long duplicates, Map<RejectReason, Long> invalid) {
    public SentRecords {
        requireNonNull(invalid, "invalid");
        invalid = Collections.unmodifiableMap(new TreeMap<>(invalid));
        if (invalid.values().stream().anyMatch(n -> n <= 0) || records != transactions + duplicates + sum(invalid)) {
            throw new IllegalArgumentException("Invalid record counts: " + records + " records, " + transactions
                    + " transactions, " + duplicates + " duplicates, invalid " + invalid);
        }
    }

    /** Only transactions, each once. */
    public static SentRecords clean(long transactions) {
        return new SentRecords(transactions, transactions, 0, Map.of());
    }

    public long invalidTotal() {
        return sum(invalid);
    }

    private static long sum(Map<RejectReason, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
