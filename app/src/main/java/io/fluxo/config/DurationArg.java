package io.fluxo.config;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.UserException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses duration flags as people type them: 500ms, 30s, 2m, 1h; a bare number is seconds. */
public final class DurationArg {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");

    private DurationArg() {
    }

    /** As {@link #parse}, and more than zero. */
    public static Duration parsePositive(String flag, String value) {
        Duration d = parse(flag, value);
        if (d.isZero()) {
            throw new UserException("Invalid " + flag + ": " + value + " (must be more than zero)");
        }
        return d;
    }

    /** @throws UserException "Invalid --timeout: abc (use e.g. 500ms, 30s, 2m or 1h)" */
    public static Duration parse(String flag, String value) {
        requireNonNull(flag, "flag");
        requireNonNull(value, "value");
        Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UserException("Invalid " + flag + ": " + value + " (use e.g. 500ms, 30s, 2m or 1h)");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
