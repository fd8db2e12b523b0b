package io.fluxo.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reading of the Prometheus text format (0.0.4) for tests (the Java client writes it but has no parser):
 * every line is a HELP, a TYPE of a counter (named _total) or gauge, or a sample after its TYPE; samples by
 * {@code name{labels}}.
 */
final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .+");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{" + "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\""
            + "(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\")*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");

    private PrometheusText() {
    }

    /** Every sample, as {@code name{labels}} → value, in order; any other line fails. */
    static Map<String, Double> samples(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("The text does not end with a newline");
        }
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            if (HELP.matcher(line).matches()) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("Not a line of the Prometheus text format: " + line);
            }
            String family = sample.group(1);
            if (!types.containsKey(family) || types.get(family).equals("counter") != family.endsWith("_total")) {
                throw new AssertionError("A sample without its TYPE, or a counter not named _total: " + line);
            }
            String key = family + (sample.group(2) == null ? "" : sample.group(2));
            if (samples.put(key, Double.parseDouble(sample.group(3))) != null) {
                throw new AssertionError("Twice: " + key);
            }
        }
        return samples;
    }

    /** The TYPE of each family. */
    static Map<String, String> types(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
            }
        }
        return types;
    }
}
