package io.fluxo.pipeline.receivables;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of checking the sinks against an expectation.
 *
 * @param receivables receivables expected
 * @param historyItems DynamoDB history items expected
 * @param matched receivables whose document and history are exactly as expected
 * @param differing receivables found in the sinks with a wrong value
 * @param missing receivables absent from a sink
 * @param mismatches "id field: expected x, actual y", first {@value #MAX_MISMATCHES} only
 */
public record VerifyResult(String pipeline, int receivables, long historyItems, int matched, int differing,
        int missing, List<String> mismatches) {
    public static final int MAX_MISMATCHES = io.fluxo.pipeline.VerifyOptions.MAX_MISMATCHES;

    public VerifyResult {
        requireNonNull(pipeline, "pipeline");
        mismatches = List.copyOf(mismatches);
    }

    public boolean ok() {
        return matched == receivables;
    }

    /** "verify receivables: 1000 receivables, 2350 history items: 1000 match, 0 differ, 0 missing". */
    public String summary() {
        return String.format(Locale.ROOT, "verify %s: %d receivables, %d history items: %d match, %d differ, %d missing",
                pipeline, receivables, historyItems, matched, differing, missing);
    }
}
