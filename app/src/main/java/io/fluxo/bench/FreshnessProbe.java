package io.fluxo.bench;

import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Watches the sink of the continuous run while the pipeline writes it and records when each produced
 * event's result first became visible there, the way a user reading the sink would see it. The plan
 * says what "visible" is; the runner waits on it and summarises.
 */
public abstract class FreshnessProbe extends PollingProbe {

    /**
     * What the measured events produced in the sink.
     *
     * @param expected what had to appear; @param millis how long after its send each one that did appeared
     * @param details more counts for the freshness row (after the runner's own)
     * @param notes lines to show under the freshness line
     */
    public record Seen(long expected, List<Long> millis, Map<String, Long> details, List<String> notes) {
        public Seen {
            millis = List.copyOf(millis);
            details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
            notes = List.copyOf(notes);
        }
    }

    protected FreshnessProbe(Duration every) {
        super(every);
    }

    /**
     * Whether all the events sent so far have become visible.
     *
     * @param sent every production of the run so far, the last one started at {@code lastFrom}
     */
    public abstract boolean allVisible(List<ProduceSummary> sent, Instant lastFrom);

    /** After the last production: what its events (sent from {@code from} on) produced, and when. */
    public abstract Seen seen(ProduceSummary measured, Instant from);

    /** What did not appear, e.g. "the warm-up documents did not appear in ciclo-bench-x-fresh". */
    public abstract String warmupMissing();

    /** The one-line error when the sink stopped answering, with the last error seen. */
    public abstract UserException unreadable(Exception last);
}
