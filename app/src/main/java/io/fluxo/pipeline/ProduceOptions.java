package io.fluxo.pipeline;

import io.fluxo.config.UserException;
import io.fluxo.generator.JsonLines;
import io.fluxo.generator.RateLimiter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every {@code fluxo produce <pipeline>} takes; a picocli mixin of each pipeline's produce command. */
public final class ProduceOptions {
    @Option(names = "--count", required = true, paramLabel = "N", description = "Events to send, duplicates included.")
    long count;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "Events per second, e.g. 500 or 500/s (default: 0 = as fast as possible).")
    String rate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--expect", paramLabel = "FILE",
            description = "Write what the sinks must hold after these events (JSON lines), for fluxo verify.")
    Path expect;

    /** --count, checked: at least 1. */
    public long count() {
        return checkCount(count);
    }

    /** The count check of every generator: a bounded run of at least one event. */
    public static long checkCount(long count) {
        if (count < 1 || count == Long.MAX_VALUE) {
            throw new UserException("Invalid --count: " + count + " (must be at least 1)");
        }
        return count;
    }

    /** --rate in events per second; 0 for as fast as possible. */
    public double eventsPerSecond() {
        return RateLimiter.parse("--rate", rate);
    }

    public long seed() {
        return seed;
    }

    /** --expect, checked to be writable before anything is sent; null when not given. */
    public Path expect() {
        if (expect != null) {
            JsonLines.checkWritable(expect);
        }
        return expect;
    }
}
