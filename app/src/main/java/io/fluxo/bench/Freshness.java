package io.fluxo.bench;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The continuous run: how long after an event was sent what it produces could be found in the sink.
 *
 * @param eventsProduced measured events sent (warm-up excluded)
 * @param expected what must appear in the sink for them (receivables: a document per scheduling event;
 *     transactions: a row per transaction)
 * @param measured of those, seen in time; {@code missing} = expected - measured
 * @param latency null when nothing was seen at all
 */
public record Freshness(Duration window, double rate, long eventsProduced, Duration produceElapsed, long expected,
        int measured, long warmupEvents, Duration pollEvery, LatencySummary latency) {

    public Freshness {
        requireNonNull(window, "window");
        requireNonNull(produceElapsed, "produceElapsed");
        requireNonNull(pollEvery, "pollEvery");
    }

    public long missing() {
        return Math.max(0, expected - measured);
    }
}
