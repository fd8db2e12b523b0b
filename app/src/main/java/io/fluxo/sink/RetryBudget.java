package io.fluxo.sink;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.failsafe.function.CheckedSupplier;
import io.fluxo.config.ConfigReader;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * How long a sink keeps retrying a transient failure before the pipeline stops: at most {@code maxAttempts}
 * attempts and at most {@code retryFor} from the first, whichever comes first, with exponential backoff (100 ms,
 * doubling to 5 s) and jitter. Every sink retries through {@link #call}, so a server that is down for less than
 * {@code retryFor} (2 minutes by default: a restart, a failover) is ridden out, and one that stays down stops the
 * pipeline with the sink's one line, ending in {@link Exhausted#summary()}.
 */
public record RetryBudget(int maxAttempts, Duration retryFor) implements Serializable {
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofSeconds(5);

    public RetryBudget {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (retryFor.isNegative()) {
            throw new IllegalArgumentException("retryFor must not be negative: " + retryFor);
        }
    }

    /** Reads {@code <prefix>.max-attempts} and {@code <prefix>.retry-for}. */
    public static RetryBudget read(ConfigReader r, String prefix) {
        return new RetryBudget(r.intAtLeast(prefix + ".max-attempts", 1),
                r.durationAtLeast(prefix + ".retry-for", Duration.ZERO));
    }

    /**
     * Runs {@code call}, retrying it while it fails with what {@code isTransient} accepts and the budget lasts.
     * A failure that is not transient is thrown at once, as it is (a checked one wrapped in a
     * {@link FailsafeException}); a transient one that outlasts the budget is thrown as {@link Exhausted}.
     */
    public <R> R call(Predicate<Throwable> isTransient, CheckedSupplier<R> call) {
        AtomicInteger attempts = new AtomicInteger();
        long start = System.nanoTime();
        // No time for even the first backoff: a single attempt (Failsafe wants the budget longer than a delay).
        boolean retries = retryFor.compareTo(FIRST_DELAY) > 0;
        RetryPolicyBuilder<R> builder = RetryPolicy.<R>builder()
                .handleIf(e -> retriable(e, isTransient))
                .withMaxAttempts(retries ? maxAttempts : 1)
                .withBackoff(FIRST_DELAY, MAX_DELAY)
                .withJitter(0.25);
        RetryPolicy<R> policy = (retries ? builder.withMaxDuration(retryFor) : builder).build();
        try {
            return Failsafe.with(policy).get(() -> {
                attempts.incrementAndGet();
                return call.get();
            });
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (retriable(cause, isTransient)) {
                throw new Exhausted(cause, attempts.get(), Duration.ofNanos(System.nanoTime() - start));
            }
            throw e;
        } catch (RuntimeException e) {
            if (retriable(e, isTransient)) {
                throw new Exhausted(e, attempts.get(), Duration.ofNanos(System.nanoTime() - start));
            }
            throw e;
        }
    }

    /** A sink's own final word (an inner budget spent, a refusal) is never retried by an outer budget. */
    private static boolean retriable(Throwable e, Predicate<Throwable> isTransient) {
        return !(e instanceof Exhausted) && !(e instanceof SinkException) && isTransient.test(e);
    }

    /** A transient failure that lasted longer than the budget; {@link #getCause()} is the last one. */
    public static final class Exhausted extends RuntimeException {
        private final int attempts;
        private final Duration elapsed;

        Exhausted(Throwable last, int attempts, Duration elapsed) {
            super(last.getMessage(), last);
            this.attempts = attempts;
            this.elapsed = elapsed;
        }

        public int attempts() {
            return attempts;
        }

        public Duration elapsed() {
            return elapsed;
        }

        /** {@code after 9 attempts in 31 s}: what ends a sink's one line when the server stayed down. */
        public String summary() {
            return "after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " in " + elapsed.toSeconds() + " s";
        }
    }
}
