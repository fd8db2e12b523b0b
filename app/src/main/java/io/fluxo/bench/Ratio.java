package io.fluxo.bench;

/**
 * One rate divided by a reference rate, e.g. the pipeline's events/s over the raw Kafka consume rate.
 *
 * @param key short JSON name of the reference, e.g. kafka_raw
 * @param label how the table names the reference, e.g. "kafka raw"
 */
public record Ratio(String key, String label, double value) {

    /** rate / reference; NaN when the reference is missing or zero, so no ratio is shown rather than a made-up one. */
    public static double of(double rate, double reference) {
        if (!(reference > 0) || Double.isNaN(rate) || Double.isInfinite(reference)) {
            return Double.NaN;
        }
        return rate / reference;
    }

    public boolean defined() {
        return !Double.isNaN(value) && !Double.isInfinite(value);
    }
}
