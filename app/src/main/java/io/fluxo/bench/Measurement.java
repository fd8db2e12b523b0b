package io.fluxo.bench;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the bench report: how many events (or items, documents) went through in how long.
 *
 * @param key stable JSON name, e.g. pipeline_sinks_none
 * @param name what the table shows
 * @param unit events, items or docs
 * @param peakHeapBytes the JVM's peak heap use during the step, -1 when not measured
 * @param details further counts (documents written, history items, batches...)
 */
public record Measurement(String key, String name, long count, String unit, Duration elapsed, long peakHeapBytes,
        List<Ratio> ratios, Map<String, Long> details) {

    public Measurement {
        requireNonNull(key, "key");
        requireNonNull(name, "name");
        requireNonNull(unit, "unit");
        requireNonNull(elapsed, "elapsed");
        ratios = List.copyOf(ratios);
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Details "cpu_ms.&lt;process&gt;": CPU milliseconds a process used during the step (see {@link CpuMeter}). */
    public static final String CPU_PREFIX = "cpu_ms.";
    /** The process name of this JVM, Spark's driver and local executors. */
    public static final String PIPELINE_JVM = "fluxo";

    public static Measurement of(String key, String name, long count, String unit, Duration elapsed, long peakHeapBytes) {
        return new Measurement(key, name, count, unit, elapsed, peakHeapBytes, List.of(), Map.of());
    }

    public double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    /** count per second; 0 for an empty or instant step. */
    public double rate() {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }

    /**
     * The rate of the batches after the first (details steady_rows, steady_ms) when the step ran several; else
     * {@link #rate()}: what a running pipeline sustains, without query start and first-batch warm-up.
     */
    public double steadyRate() {
        return hasSteady() ? details.get("steady_rows") * 1000.0 / details.get("steady_ms") : rate();
    }

    /** Whether the step ran batches after its first (details steady_rows and steady_ms, both positive). */
    public boolean hasSteady() {
        Long rows = details.get("steady_rows");
        Long millis = details.get("steady_ms");
        return rows != null && millis != null && rows > 0 && millis > 0;
    }

    /** CPU seconds per 1,000 {@link #unit()} by process, in the order measured; empty when not measured. */
    public Map<String, Double> cpuPerThousand() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (count > 0) {
            details.forEach((k, v) -> {
                if (k.startsWith(CPU_PREFIX)) {
                    out.put(k.substring(CPU_PREFIX.length()), v / (double) count);
                }
            });
        }
        return out;
    }

    /** "fluxo 0.412, kafka 0.031, other 0.002 s per 1,000 events"; "not measured" without /proc. */
    public String cpuText() {
        Map<String, Double> cpu = cpuPerThousand();
        if (cpu.isEmpty()) {
            return "not measured";
        }
        StringBuilder b = new StringBuilder();
        cpu.forEach((name, s) -> b.append(b.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT,
                "%s %.3f", name, s)));
        return b.append(" s per 1,000 ").append(unit).toString();
    }

    /** This row with one more ratio of its rate to {@code reference}'s; unchanged when the reference is absent. */
    public Measurement withRatioTo(String refKey, String refLabel, Measurement reference) {
        if (reference == null) {
            return this;
        }
        Ratio ratio = new Ratio(refKey, refLabel, Ratio.of(steadyRate(), reference.rate()));
        if (!ratio.defined()) {
            return this;
        }
        List<Ratio> more = new ArrayList<>(ratios);
        more.add(ratio);
        return new Measurement(key, name, count, unit, elapsed, peakHeapBytes, more, details);
    }

    public Measurement withDetails(Map<String, Long> more) {
        Map<String, Long> all = new LinkedHashMap<>(details);
        all.putAll(more);
        return new Measurement(key, name, count, unit, elapsed, peakHeapBytes, ratios, all);
    }

    public Double ratio(String refKey) {
        return ratios.stream().filter(r -> r.key().equals(refKey)).map(Ratio::value).findFirst().orElse(null);
    }
}
