package io.fluxo.bench;

import io.fluxo.bench.Target.Comparison;
import io.fluxo.bench.Target.Format;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The transactions goals of the issue, evaluated from a run's measurements. */
public final class TransactionsTargets {
    static final double END_TO_END_PER_S = 20_000;
    static final double SINKS_NONE_VS_KAFKA = Targets.SINKS_NONE_VS_KAFKA;
    static final Duration FRESHNESS_SLACK = Targets.FRESHNESS_SLACK;

    private TransactionsTargets() {
    }

    public static List<Target> evaluate(Map<String, Measurement> byKey, Freshness freshness, Duration window) {
        Measurement full = byKey.get(TransactionsBenchReport.PIPELINE_POSTGRES);
        Measurement none = byKey.get(TransactionsBenchReport.PIPELINE_NONE);
        Measurement kafka = byKey.get(TransactionsBenchReport.KAFKA_RAW);

        Target endToEnd = new Target("end_to_end_rate", "end-to-end into PostgreSQL >= 20,000 transactions/s",
                Comparison.AT_LEAST, END_TO_END_PER_S, full == null ? null : full.rate(), Format.RATE, null);
        Target alone = new Target("sinks_none_vs_kafka_raw", "sinks none >= 50% of raw Kafka consume", Comparison.AT_LEAST,
                SINKS_NONE_VS_KAFKA, none == null || kafka == null ? null : Ratio.of(none.rate(), kafka.rate()),
                Format.PERCENT, null);

        Double p99 = null;
        String blocker = null;
        if (freshness != null) {
            p99 = freshness.latency() == null ? null : (double) freshness.latency().p99();
            if (freshness.missing() > 0) {
                blocker = String.format(Locale.ROOT, "%,d of %,d transactions never appeared", freshness.missing(),
                        freshness.receivables());
            }
        }
        Target fresh = new Target("freshness_p99", "freshness p99 <= window + 1 s", Comparison.AT_MOST,
                window.plus(FRESHNESS_SLACK).toMillis(), p99, Format.MILLIS, blocker);
        return List.of(endToEnd, alone, fresh);
    }
}
