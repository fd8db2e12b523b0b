package io.fluxo.generator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a run has come.
 *
 * @param done events sent so far
 * @param total events to send, 0 for an unbounded run
 * @param elapsed time since the run started
 * @param finished whether this is the last report of the run
 */
public record Progress(long done, long total, Duration elapsed, boolean finished) {
    public Progress {
        requireNonNull(elapsed, "elapsed");
        if (done < 0 || total < 0) {
            throw new IllegalArgumentException("Invalid progress: " + done + "/" + total);
        }
    }

    public boolean bounded() {
        return total > 0;
    }

    /** Events per second since the start. */
    public double rate() {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : done * 1e9 / nanos;
    }

    /** Share done in [0, 1]; 0 for an unbounded run. */
    public double fraction() {
        return bounded() ? Math.min(1.0, (double) done / total) : 0;
    }

    /** Time left at the rate so far; empty when unbounded or nothing was sent yet. */
    public Optional<Duration> eta() {
        double rate = rate();
        if (!bounded() || rate <= 0) {
            return Optional.empty();
        }
        long left = Math.max(0, total - done);
        return Optional.of(Duration.ofMillis((long) Math.ceil(left / rate * 1000)));
    }
}
