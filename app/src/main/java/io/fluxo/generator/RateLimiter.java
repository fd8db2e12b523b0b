package io.fluxo.generator;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.UserException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Holds a run to a number of events per second on average. Slots are spaced 1/rate apart; a caller that
 * fell behind (a GC pause, a slow broker) may catch up by at most one second's worth of events.
 */
public final class RateLimiter {
    /** A sleeper of nanoseconds; tests pass one that advances their own clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final double MAX_DEBT_NANOS = 1e9;

    private final double intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double next = Double.NaN;

    RateLimiter(double eventsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("Invalid rate: " + eventsPerSecond + " (events per second, 0 = unlimited)");
        }
        this.intervalNanos = eventsPerSecond == 0 ? 0 : 1e9 / eventsPerSecond;
        this.nanoTime = requireNonNull(nanoTime, "nanoTime");
        this.sleeper = requireNonNull(sleeper, "sleeper");
    }

    /** A limiter of {@code eventsPerSecond}; 0 lets everything through at once. */
    public static RateLimiter of(double eventsPerSecond) {
        return new RateLimiter(eventsPerSecond, System::nanoTime,
                nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    public boolean unlimited() {
        return intervalNanos == 0;
    }

    /** Waits for the next slot. */
    public void acquire() throws InterruptedException {
        if (unlimited()) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (Double.isNaN(next)) {
            next = now;
        }
        double wait = next - now;
        // Short waits are not slept: sleep is too coarse below a millisecond, and the slot accounting
        // keeps the average exact anyway.
        if (wait >= MIN_SLEEP_NANOS) {
            sleeper.sleepNanos((long) wait);
        }
        next = Math.max(next, now - MAX_DEBT_NANOS) + intervalNanos;
    }

    /**
     * Parses a rate flag: {@code 500}, {@code 500/s} or {@code 2.5}; 0 means as fast as possible.
     *
     * @throws UserException naming the flag and the bad value
     */
    public static double parse(String flag, String value) {
        requireNonNull(flag, "flag");
        requireNonNull(value, "value");
        String number = value.strip().toLowerCase(Locale.ROOT);
        if (number.endsWith("/s")) {
            number = number.substring(0, number.length() - 2).strip();
        }
        if (!number.matches("\\d+(\\.\\d+)?")) {
            throw new UserException("Invalid " + flag + ": " + value
                    + " (events per second, e.g. 500 or 500/s; 0 = as fast as possible)");
        }
        return Double.parseDouble(number);
    }
}
