package io.fluxo.bench;

import io.fluxo.bench.Target.Comparison;
import io.fluxo.bench.Target.Format;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** The goals every pipeline's bench shares; a plan adds its own around them. */
public final class Targets {
    static final double SINKS_NONE_VS_KAFKA = 0.50;
    static final Duration FRESHNESS_SLACK = Duration.ofSeconds(1);

    private Targets() {
    }

    public static Target sinksNoneVsKafka(Map<String, Measurement> byKey) {
        Measurement none = byKey.get(BenchReport.PIPELINE_NONE);
        Measurement kafka = byKey.get(BenchReport.KAFKA_RAW);
        return new Target("sinks_none_vs_kafka_raw", "sinks none >= 50% of raw Kafka consume", Comparison.AT_LEAST,
                SINKS_NONE_VS_KAFKA, none == null || kafka == null ? null : Ratio.of(none.rate(), kafka.rate()),
                Format.PERCENT, null);
    }

    /** @param items what never appearing blocks the goal, e.g. "documents" */
    public static Target freshness(Freshness freshness, Duration window, String items) {
        Double p99 = null;
        String blocker = null;
        if (freshness != null) {
            p99 = freshness.latency() == null ? null : (double) freshness.latency().p99();
            if (freshness.missing() > 0) {
                blocker = String.format(Locale.ROOT, "%,d of %,d %s never appeared", freshness.missing(),
                        freshness.expected(), items);
            }
        }
        return new Target("freshness_p99", "freshness p99 <= window + 1 s", Comparison.AT_MOST,
                window.plus(FRESHNESS_SLACK).toMillis(), p99, Format.MILLIS, blocker);
    }
}
