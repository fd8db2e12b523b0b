package io.fluxo.generator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a generator run sent.
 *
 * @param eventsPerTopic events sent per topic, duplicates included
 * @param total all events sent
 * @param elapsed from the first send to the last acknowledgement
 */
public record ProduceSummary(Map<String, Long> eventsPerTopic, long total, Duration elapsed) {
    public ProduceSummary {
        eventsPerTopic = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(eventsPerTopic, "eventsPerTopic")));
        requireNonNull(elapsed, "elapsed");
    }

    public double eventsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : total * 1e9 / nanos;
    }
}
