package io.fluxo.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Which part limits the end-to-end rate: the time each part needs for the end-to-end run's work at its
 * own best measured rate — the pipeline alone for the events (sinks none), each sink for what it writes at
 * its raw rate (the plan's parts). The slowest part is the bottleneck. Within a micro-batch the sinks
 * write one after the other, so the times add up rather than overlap.
 */
public record Bottleneck(String component, Map<String, Double> secondsByComponent, String text) {

    public static final String PIPELINE = "pipeline alone";

    /** One part's time for the end-to-end work; {@code why} names the work and the rate. */
    public record Part(String name, double seconds, String why) {
    }

    /**
     * @param variants sinks none first, the end-to-end run last, each adding one sink to the one before
     * @param sinkParts the sinks' parts for this many events of work
     */
    public static Optional<Bottleneck> of(Map<String, Measurement> byKey, List<BenchPlan.Variant> variants,
            LongFunction<List<Part>> sinkParts) {
        List<Measurement> runs = variants.stream().map(v -> byKey.get(v.key())).toList();
        Measurement full = runs.get(runs.size() - 1);
        Measurement none = runs.get(0);
        Measurement reference = full != null ? full : runs.stream().filter(m -> m != null).findFirst().orElse(null);
        if (reference == null) {
            return Optional.empty();
        }
        long events = reference.count();

        List<Part> parts = new ArrayList<>();
        if (none != null && none.rate() > 0) {
            parts.add(new Part(PIPELINE, events / none.rate(),
                    String.format(Locale.ROOT, "%,d events at %,.0f/s (pipeline with sinks none)", events, none.rate())));
        }
        parts.addAll(sinkParts.apply(events));
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        Part slowest = parts.stream().max(Comparator.comparingDouble(Part::seconds)).orElseThrow();
        Map<String, Double> seconds = new LinkedHashMap<>();
        parts.forEach(p -> seconds.put(p.name(), p.seconds()));
        StringBuilder text = new StringBuilder("bottleneck: ").append(slowest.name()).append(". Time each part needs for")
                .append(" the end-to-end run's work at its own rate:");
        for (Part p : parts) {
            text.append(String.format(Locale.ROOT, "%n  %-15s %6.1f s  %s", p.name(), p.seconds(), p.why()));
        }
        if (full != null) {
            text.append(String.format(Locale.ROOT, "%n  %-15s %6.1f s", "end-to-end", full.seconds()));
            if (runs.size() > 1 && !runs.contains(null)) {
                text.append(" (measured: ");
                for (int i = 1; i < runs.size(); i++) {
                    String added = tenths(runs.get(i).seconds() - runs.get(i - 1).seconds());
                    text.append(i == 1 ? "the " + variants.get(i).adds() + " sink added " + added + " s to sinks none"
                            : ", the " + variants.get(i).adds() + " sink " + added + " s more");
                }
                text.append(')');
            }
        }
        return Optional.of(new Bottleneck(slowest.name(), seconds, text.toString()));
    }

    /** One decimal; a difference lost in the noise reads 0.0, never -0.0. */
    static String tenths(double seconds) {
        double rounded = Math.round(seconds * 10) / 10.0 + 0.0;
        return String.format(Locale.ROOT, "%.1f", rounded);
    }

    /** The faster of two measurements of the same sink (the later one on a tie); either may be absent. */
    public static Measurement faster(Measurement a, Measurement b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return b.rate() >= a.rate() ? b : a;
    }
}
