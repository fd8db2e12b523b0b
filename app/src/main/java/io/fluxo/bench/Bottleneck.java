package io.fluxo.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which part limits the end-to-end rate: the time each part needs for the end-to-end run's work at its
 * own best measured rate — the pipeline alone for the events (sinks none), DynamoDB for the history items,
 * OpenSearch for the documents (each sink at its raw client rate). The slowest part is the bottleneck.
 * Within a micro-batch the sinks write one after the other, so the times add up rather than overlap.
 */
public record Bottleneck(String component, Map<String, Double> secondsByComponent, String text) {

    public static final String PIPELINE = "pipeline alone";
    public static final String DYNAMODB = "DynamoDB";
    public static final String OPENSEARCH = "OpenSearch";

    private record Part(String name, double seconds, String why) {
    }

    public static Optional<Bottleneck> of(Map<String, Measurement> byKey) {
        Measurement full = byKey.get(BenchReport.PIPELINE_FULL);
        Measurement none = byKey.get(BenchReport.PIPELINE_NONE);
        Measurement openSearchOnly = byKey.get(BenchReport.PIPELINE_OPENSEARCH);
        Measurement reference = full != null ? full : none != null ? none : openSearchOnly;
        if (reference == null) {
            return Optional.empty();
        }
        long events = reference.count();
        long history = detail(full, "history_items", events);
        long documents = detail(full, "documents", detail(openSearchOnly, "documents", -1));

        List<Part> parts = new ArrayList<>();
        if (none != null && none.rate() > 0) {
            parts.add(new Part(PIPELINE, events / none.rate(),
                    String.format(Locale.ROOT, "%,d events at %,.0f/s (pipeline with sinks none)", events, none.rate())));
        }
        Measurement dynamo = best(byKey.get(BenchReport.DYNAMODB_1), byKey.get(BenchReport.DYNAMODB_8));
        if (dynamo != null && dynamo.rate() > 0) {
            parts.add(new Part(DYNAMODB, history / dynamo.rate(), String.format(Locale.ROOT,
                    "%,d history items at %,.0f/s (raw BatchWriteItem, %s)", history, dynamo.rate(), writers(dynamo))));
        }
        Measurement openSearch = best(byKey.get(BenchReport.OPENSEARCH_1), byKey.get(BenchReport.OPENSEARCH_2));
        if (openSearch != null && openSearch.rate() > 0 && documents >= 0) {
            parts.add(new Part(OPENSEARCH, documents / openSearch.rate(), String.format(Locale.ROOT,
                    "%,d documents at %,.0f/s (raw bulk, %s)", documents, openSearch.rate(), writers(openSearch))));
        }
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
            if (none != null && openSearchOnly != null) {
                text.append(String.format(Locale.ROOT, " (measured: the OpenSearch sink added %s s to sinks none,"
                        + " the DynamoDB sink %s s more)", tenths(openSearchOnly.seconds() - none.seconds()),
                        tenths(full.seconds() - openSearchOnly.seconds())));
            }
        }
        return Optional.of(new Bottleneck(slowest.name(), seconds, text.toString()));
    }

    /** One decimal; a difference lost in the noise reads 0.0, never -0.0. */
    static String tenths(double seconds) {
        double rounded = Math.round(seconds * 10) / 10.0 + 0.0;
        return String.format(Locale.ROOT, "%.1f", rounded);
    }

    private static long detail(Measurement m, String key, long otherwise) {
        return m == null ? otherwise : m.details().getOrDefault(key, otherwise);
    }

    private static Measurement best(Measurement a, Measurement b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return b.rate() >= a.rate() ? b : a;
    }

    private static String writers(Measurement m) {
        Long writers = m.details().get("writers");
        if (writers != null) {
            return writers + (writers == 1 ? " writer" : " writers");
        }
        Long clients = m.details().get("clients");
        return clients == null ? "?" : clients + (clients == 1 ? " client" : " clients");
    }
}
