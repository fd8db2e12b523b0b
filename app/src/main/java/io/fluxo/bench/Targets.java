package io.fluxo.bench;

import io.fluxo.bench.Target.Comparison;
import io.fluxo.bench.Target.Format;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The receivables goals of the issue, evaluated from a run's measurements. */
public final class Targets {
    static final double END_TO_END_VS_DYNAMODB = 0.90;
    static final double OPENSEARCH_ONLY_EVENTS_PER_S = 10_000;
    static final double SINKS_NONE_VS_KAFKA = 0.50;
    static final Duration FRESHNESS_SLACK = Duration.ofSeconds(1);

    private Targets() {
    }

    public static List<Target> evaluate(Map<String, Measurement> byKey, Freshness freshness, Duration window) {
        Measurement full = byKey.get(BenchReport.PIPELINE_FULL);
        Measurement dynamo8 = byKey.get(BenchReport.DYNAMODB_8);
        Measurement openSearchOnly = byKey.get(BenchReport.PIPELINE_OPENSEARCH);
        Measurement none = byKey.get(BenchReport.PIPELINE_NONE);
        Measurement kafka = byKey.get(BenchReport.KAFKA_RAW);

        Target endToEnd = new Target("end_to_end_vs_dynamodb_raw",
                "end-to-end >= 90% of DynamoDB raw rate (8 writers)", Comparison.AT_LEAST, END_TO_END_VS_DYNAMODB,
                full == null || dynamo8 == null ? null : Ratio.of(full.rate(), dynamo8.rate()), Format.PERCENT, null);
        Target openSearch = new Target("opensearch_only_rate",
                "opensearch only (DynamoDB sink off) >= 10,000 events/s", Comparison.AT_LEAST, OPENSEARCH_ONLY_EVENTS_PER_S,
                openSearchOnly == null ? null : openSearchOnly.rate(), Format.RATE, null);
        Target alone = new Target("sinks_none_vs_kafka_raw",
                "sinks none >= 50% of raw Kafka consume", Comparison.AT_LEAST, SINKS_NONE_VS_KAFKA,
                none == null || kafka == null ? null : Ratio.of(none.rate(), kafka.rate()), Format.PERCENT, null);

        Double p99 = null;
        String blocker = null;
        if (freshness != null) {
            p99 = freshness.latency() == null ? null : (double) freshness.latency().p99();
            if (freshness.missing() > 0) {
                blocker = String.format(java.util.Locale.ROOT, "%,d of %,d documents never appeared", freshness.missing(),
                        freshness.receivables());
            }
        }
        Target fresh = new Target("freshness_p99", "freshness p99 <= window + 1 s", Comparison.AT_MOST,
                window.plus(FRESHNESS_SLACK).toMillis(), p99, Format.MILLIS, blocker);
        return List.of(endToEnd, openSearch, alone, fresh);
    }
}
