package io.fluxo.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Latencies in milliseconds, summarised by nearest-rank percentiles: p99 of 1,000 samples is the 990th
 * smallest, always a latency that was really observed, never an interpolation.
 */
public record LatencySummary(int count, long min, long p50, long p95, long p99, long max, double mean) {

    public static LatencySummary of(Collection<Long> millis) {
        return of(millis.stream().mapToLong(Long::longValue).toArray());
    }

    public static LatencySummary of(long[] millis) {
        if (millis.length == 0) {
            throw new IllegalArgumentException("Cannot summarise latencies: no samples");
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new LatencySummary(sorted.length, sorted[0], percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted[sorted.length - 1], sum / sorted.length);
    }

    /** Nearest rank: the smallest value with at least p % of the samples at or below it. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("Cannot take a percentile of no samples");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("Invalid percentile: " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }
}
