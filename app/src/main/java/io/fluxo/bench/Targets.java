package io.fluxo.bench;

import io.fluxo.bench.Target.Comparison;
import io.fluxo.bench.Target.Format;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The goals every pipeline's bench shares; a plan adds its own around them. */
public final class Targets {
    static final double SINKS_NONE_VS_KAFKA = 0.25;
    static final double END_TO_END_VS_SINKS = 0.90;
    static final long FIXED_COST_MILLIS = 300;
    static final Duration FRESHNESS_SLACK = Duration.ofSeconds(1);

    private Targets() {
    }

    public static Target sinksNoneVsKafka(Map<String, Measurement> byKey) {
        Measurement none = byKey.get(BenchReport.PIPELINE_NONE);
        Measurement kafka = byKey.get(BenchReport.KAFKA_RAW);
        return new Target("sinks_none_vs_kafka_raw", "sinks none (steady) >= 25% of raw Kafka consume",
                Comparison.AT_LEAST, SINKS_NONE_VS_KAFKA,
                none == null || kafka == null ? null : Ratio.of(none.steadyRate(), kafka.rate()), Format.PERCENT, null);
    }

    /**
     * The end-to-end run's steady rate against the rate its sinks allow at their raw rates: {@code events} over
     * the time of the slowest sink's part of the work ({@link BenchPlan#sinkParts}).
     */
    public static Target endToEndVsSinks(Measurement endToEnd, List<Bottleneck.Part> parts, long events, String sinks) {
        double slowest = parts.stream().mapToDouble(Bottleneck.Part::seconds).max().orElse(0);
        Double ratio = endToEnd == null || slowest <= 0 ? null : Ratio.of(endToEnd.steadyRate(), events / slowest);
        return new Target("end_to_end_vs_slowest_sink_raw", "end-to-end (steady) >= 90% of what the slowest sink takes"
                + " at its raw rate (" + sinks + ")", Comparison.AT_LEAST, END_TO_END_VS_SINKS, ratio, Format.PERCENT, null);
    }

    /** The median of the many-small-batches run's batches after its first. */
    public static Target fixedCost(Map<String, Measurement> byKey) {
        Measurement small = byKey.get(BenchReport.SMALL_BATCHES);
        Long median = small == null ? null : small.details().get("steady_batch_ms_median");
        return new Target("micro_batch_fixed_cost", "fixed cost of a micro-batch (median of small batches) <= 300 ms",
                Comparison.AT_MOST, FIXED_COST_MILLIS, median == null ? null : (double) median, Format.MILLIS, null);
    }

    /** @param items what never appearing blocks the goal, e.g. "documents" */
    public static Target freshness(Freshness freshness, Duration window, String items) {
        return freshness(freshness, window.plus(FRESHNESS_SLACK), "window + 1 s", items);
    }

    /**
     * Freshness p99 at most {@code limit}.
     *
     * @param limitWords how the goal names the limit, e.g. "2 triggers + 1 s"
     */
    public static Target freshness(Freshness freshness, Duration limit, String limitWords, String items) {
        Double p99 = null;
        String blocker = null;
        if (freshness != null) {
            p99 = freshness.latency() == null ? null : (double) freshness.latency().p99();
            if (freshness.missing() > 0) {
                blocker = String.format(Locale.ROOT, "%,d of %,d %s never appeared", freshness.missing(),
                        freshness.expected(), items);
            }
        }
        return new Target("freshness_p99", "freshness p99 <= " + limitWords + (freshness == null ? ""
                : String.format(Locale.ROOT, " (at %,.0f events/s)", freshness.rate())), Comparison.AT_MOST,
                limit.toMillis(), p99, Format.MILLIS, blocker);
    }
}
