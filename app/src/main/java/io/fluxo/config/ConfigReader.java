package io.fluxo.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Reads typed values and collects every problem, so that all of them are reported at once. */
final class ConfigReader {
    private final Config config;
    private final List<String> errors = new ArrayList<>();

    ConfigReader(Config config) {
        this.config = config;
    }

    List<String> errors() {
        return errors;
    }

    String string(String path) {
        return read(path, () -> config.getString(path), "");
    }

    int intAtLeast(String path, int min) {
        int value = read(path, () -> config.getInt(path), min);
        if (value < min) {
            errors.add("Invalid " + path + ": " + value + " (must be at least " + min + ")");
        }
        return value;
    }

    long longAtLeast(String path, long min) {
        long value = read(path, () -> config.getLong(path), min);
        if (value < min) {
            errors.add("Invalid " + path + ": " + value + " (must be at least " + min + ")");
        }
        return value;
    }

    double fraction(String path) {
        double value = read(path, () -> config.getDouble(path), 0.0);
        if (value < 0 || value > 1) {
            errors.add("Invalid " + path + ": " + value + " (must be between 0 and 1)");
        }
        return value;
    }

    boolean bool(String path) {
        return read(path, () -> config.getBoolean(path), false);
    }

    Duration durationAtLeast(String path, Duration min) {
        Duration value = read(path, () -> config.getDuration(path), min);
        if (value.compareTo(min) < 0) {
            errors.add("Invalid " + path + ": " + value.toMillis() + " ms (must be at least " + min.toMillis() + " ms)");
        }
        return value;
    }

    int port(String path) {
        int value = read(path, () -> config.getInt(path), 1);
        if (value < 1 || value > 65535) {
            errors.add("Invalid " + path + ": " + value + " (must be a port between 1 and 65535)");
        }
        return value;
    }

    /** A flat map of string values below path (nested keys joined by dots), e.g. Kafka client properties. */
    Map<String, String> flatStrings(String path) {
        Map<String, String> result = new LinkedHashMap<>();
        Config section = read(path, () -> config.getConfig(path), null);
        if (section != null) {
            section.entrySet().forEach(e -> result.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped())));
        }
        return result;
    }

    void check(boolean condition, String message) {
        if (!condition) {
            errors.add(message);
        }
    }

    private <T> T read(String path, Supplier<T> getter, T fallback) {
        try {
            return getter.get();
        } catch (ConfigException.Missing e) {
            errors.add("Missing " + path);
        } catch (ConfigException e) {
            errors.add("Invalid " + path + ": " + e.getMessage().replaceFirst("^.*?: ", ""));
        }
        return fallback;
    }
}
