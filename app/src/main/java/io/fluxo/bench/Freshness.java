package io.fluxo.bench;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The continuous run: how long after a receivable's scheduling event was sent its lifecycle document
 * could be found in OpenSearch.
 *
 * @param eventsProduced measured events sent (warm-up excluded)
 * @param receivables scheduling events among them: the documents that must appear (the transactions bench:
 *     its transactions, each of which must appear as a row)
 * @param measured documents seen in time; {@code missing} = receivables - measured
 * @param latency null when no document was seen at all
 */
public record Freshness(Duration window, double rate, long eventsProduced, Duration produceElapsed, long receivables,
        int measured, long warmupEvents, Duration pollEvery, LatencySummary latency) {

    public Freshness {
        requireNonNull(window, "window");
        requireNonNull(produceElapsed, "produceElapsed");
        requireNonNull(pollEvery, "pollEvery");
    }

    public long missing() {
        return Math.max(0, receivables - measured);
    }
}
