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
public final class ConfigReader {
    private final Config config;
    private final List<String> errors = new ArrayList<>();

    ConfigReader(Config config) {
        this.config = config;
    }

    List<String> errors() {
        return errors;
    }

    public String string(String path) {
        return read(path, () -> config.getString(path), "");
    }

    public int intAtLeast(String path, int min) {
        int value = read(path, () -> config.getInt(path), min);
        if (value < min) {
            errors.add("Invalid " + path + ": " + value + " (must be at least " + min + ")");
        }
        return value;
    }

    public long longAtLeast(String path, long min) {
        long value = read(path, () -> config.getLong(path), min);
        if (value < min) {
            errors.add("Invalid " + path + ": " + value + " (must be at least " + min + ")");
        }
        return value;
    }

    public double fraction(String path) {
        double value = read(path, () -> config.getDouble(path), 0.0);
        if (value < 0 || value > 1) {
            errors.add("Invalid " + path + ": " + value + " (must be between 0 and 1)");
        }
        return value;
    }

    public boolean bool(String path) {
        return read(path, () -> config.getBoolean(path), false);
    }

    public Duration durationAtLeast(String path, Duration min) {
        Duration value = read(path, () -> config.getDuration(path), min);
        if (value.compareTo(min) < 0) {
            errors.add("Invalid " + path + ": " + value.toMillis() + " ms (must be at least " + min.toMillis() + " ms)");
        }
        return value;
    }

    public int port(String path) {
        int value = read(path, () -> config.getInt(path), 1);
        if (value < 1 || value > 65535) {
            errors.add("Invalid " + path + ": " + value + " (must be a port between 1 and 65535)");
        }
        return value;
    }

    /** A flat map of string values below path (nested keys joined by dots), e.g. Kafka client properties. */
    public Map<String, String> flatStrings(String path) {
        Map<String, String> result = new LinkedHashMap<>();
        Config section = read(path, () -> config.getConfig(path), null);
        if (section != null) {
            section.entrySet().forEach(e -> result.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped())));
        }
        return result;
    }

    /** A secret: the value of {@code path}, or the stripped content of the file {@code filePath} names when set. */
    public String secret(String path, String filePath) {
        String value = string(path);
        String file = string(filePath);
        if (!file.isEmpty()) {
            try {
                value = java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
            } catch (java.io.IOException e) {
                errors.add("Cannot read " + filePath + " " + file + ": " + e.getMessage());
            }
        }
        return value;
    }

    /** A comma-separated list; empty or "none" is the empty list. */
    public List<String> list(String path) {
        String value = string(path).strip();
        return value.isEmpty() || value.equals("none") ? List.of()
                : java.util.Arrays.stream(value.split(",")).map(String::strip).toList();
    }

    /** earliest or latest. */
    public String startingOffsets(String path) {
        String value = string(path);
        check(value.equals("earliest") || value.equals("latest"), "Invalid " + path + ": " + value + " (use earliest or latest)");
        return value;
    }

    public void check(boolean condition, String message) {
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
