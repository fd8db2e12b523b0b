package io.fluxo.bench;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A goal from the issue, checked against this run. A miss is reported, never a failure of the command.
 *
 * @param actual null when the run did not measure it
 * @param blocker why the goal is not met whatever the number says (e.g. documents that never appeared)
 */
public record Target(String key, String description, Comparison comparison, double required, Double actual, Format format,
        String blocker) {

    public enum Comparison { AT_LEAST, AT_MOST }

    public enum Format { PERCENT, RATE, MILLIS }

    public Target {
        requireNonNull(key, "key");
        requireNonNull(description, "description");
        requireNonNull(comparison, "comparison");
        requireNonNull(format, "format");
        if (actual != null && (actual.isNaN() || actual.isInfinite())) {
            actual = null;
        }
    }

    /** null: not measured. */
    public Boolean met() {
        if (actual == null) {
            return null;
        }
        boolean ok = comparison == Comparison.AT_LEAST ? actual >= required : actual <= required;
        return ok && blocker == null;
    }

    public String status() {
        Boolean met = met();
        return met == null ? "n/a" : met ? "met" : "NOT MET";
    }

    /** "sinks none >= 50% of raw Kafka consume: 61.2% (needs >= 50.0%)". */
    public String line() {
        String needs = (comparison == Comparison.AT_LEAST ? ">= " : "<= ") + format(required);
        String value = actual == null ? "not measured" : format(actual) + " (needs " + needs + ")";
        return description + ": " + value + (blocker == null ? "" : "; " + blocker);
    }

    String format(double v) {
        return switch (format) {
            case PERCENT -> String.format(Locale.ROOT, "%.1f%%", v * 100);
            case RATE -> String.format(Locale.ROOT, "%,.0f events/s", v);
            case MILLIS -> String.format(Locale.ROOT, "%,.0f ms", v);
        };
    }
}
