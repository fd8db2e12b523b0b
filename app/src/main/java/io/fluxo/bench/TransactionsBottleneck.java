package io.fluxo.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which part limits the transactions pipeline's end-to-end rate: the time each part needs for the
 * end-to-end run's work at its own measured rate — the pipeline alone for the transactions (sinks none, which
 * still writes ledger credits and alerts to Kafka), PostgreSQL for the rows (COPY + upsert with the pipeline's
 * sink class, no Spark). The slowest part is the bottleneck. The sink writes on the driver after the batch is
 * computed, so the two times add up rather than overlap.
 */
final class TransactionsBottleneck {
    static final String POSTGRES = "PostgreSQL";

    private record Part(String name, double seconds, String why) {
    }

    private TransactionsBottleneck() {
    }

    static Optional<Bottleneck> of(Map<String, Measurement> byKey) {
        Measurement full = byKey.get(TransactionsBenchReport.PIPELINE_POSTGRES);
        Measurement none = byKey.get(TransactionsBenchReport.PIPELINE_NONE);
        Measurement reference = full != null ? full : none;
        if (reference == null) {
            return Optional.empty();
        }
        long events = reference.count();
        long rows = full == null ? events : full.details().getOrDefault("transactions", events);

        List<Part> parts = new ArrayList<>();
        if (none != null && none.rate() > 0) {
            parts.add(new Part(Bottleneck.PIPELINE, events / none.rate(),
                    String.format(Locale.ROOT, "%,d events at %,.0f/s (pipeline with sinks none)", events, none.rate())));
        }
        Measurement postgres = byKey.get(TransactionsBenchReport.POSTGRES_RAW);
        if (postgres != null && postgres.rate() > 0) {
            parts.add(new Part(POSTGRES, rows / postgres.rate(), String.format(Locale.ROOT,
                    "%,d rows at %,.0f/s (raw COPY + upsert, 1 connection)", rows, postgres.rate())));
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
            if (none != null) {
                text.append(String.format(Locale.ROOT, " (measured: the PostgreSQL sink added %s s to sinks none)",
                        Bottleneck.tenths(full.seconds() - none.seconds())));
            }
        }
        return Optional.of(new Bottleneck(slowest.name(), seconds, text.toString()));
    }
}
