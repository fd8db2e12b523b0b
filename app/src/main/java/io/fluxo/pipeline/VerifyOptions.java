package io.fluxo.pipeline;

import io.fluxo.config.DurationArg;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every {@code fluxo verify <pipeline>} takes; a picocli mixin of each pipeline's verify command. */
public final class VerifyOptions {
    /** Mismatches printed; the rest are counted. */
    public static final int MISMATCHES_SHOWN = 20;
    /** Mismatches a verifier collects at most; a report of that many says "+". */
    public static final int MAX_MISMATCHES = 1000;

    @Option(names = "--expect", required = true, paramLabel = "FILE", description = "The file fluxo produce --expect wrote.")
    Path expect;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long to wait for the pipeline to catch up, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
    String timeout;

    public Path expect() {
        return expect;
    }

    public Duration timeout() {
        return DurationArg.parse("--timeout", timeout);
    }

    /** Prints the first mismatches, a count of the rest, and the summary line; the exit code: 0 when all match. */
    public static int report(java.io.PrintWriter out, java.util.List<String> mismatches, boolean capped, String summary,
            boolean ok) {
        for (String m : mismatches.subList(0, Math.min(MISMATCHES_SHOWN, mismatches.size()))) {
            out.println("  " + m);
        }
        if (mismatches.size() > MISMATCHES_SHOWN) {
            out.printf(java.util.Locale.ROOT, "  ... %d%s more mismatches%n", mismatches.size() - MISMATCHES_SHOWN,
                    capped ? "+" : "");
        }
        out.println(summary);
        out.flush();
        return ok ? 0 : 1;
    }

    /**
     * Checks again every 2 s until the result is ok or the timeout passes (the pipeline may still be catching up);
     * the last result either way. An interrupt ends the wait with the result so far.
     */
    public static <R> R untilOk(Duration timeout, java.util.function.Supplier<R> check,
            java.util.function.Predicate<R> ok) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            R r = check.get();
            if (ok.test(r) || System.nanoTime() > deadline) {
                return r;
            }
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
        }
    }
}
