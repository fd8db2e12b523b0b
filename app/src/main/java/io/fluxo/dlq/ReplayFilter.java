package io.fluxo.dlq;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.DurationArg;
import io.fluxo.config.UserException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which dead letters a replay takes: those of the given reasons (all when empty) that failed at or after
 * {@code since} (all when null).
 */
public record ReplayFilter(Set<String> reasons, Instant since) {
    public static final ReplayFilter ALL = new ReplayFilter(Set.of(), null);

    public ReplayFilter {
        reasons = Set.copyOf(requireNonNull(reasons, "reasons"));
    }

    /**
     * From the command line: {@code --reason} values (each may be a comma list; matched case-insensitively) and
     * {@code --since}, an ISO-8601 instant or a duration back from {@code now} (2h = the last two hours).
     *
     * @throws UserException "Invalid --since: x (...)", "Invalid --reason: ..."
     */
    public static ReplayFilter of(List<String> reasonArgs, String since, Instant now) {
        Set<String> reasons = new TreeSet<>();
        for (String arg : reasonArgs == null ? List.<String>of() : reasonArgs) {
            for (String r : arg.split(",", -1)) {
                String reason = r.strip().toUpperCase(Locale.ROOT);
                if (reason.isEmpty()) {
                    throw new UserException("Invalid --reason: " + arg + " (use reason codes such as INVALID_AMOUNT,"
                            + " separated by commas)");
                }
                reasons.add(reason);
            }
        }
        return new ReplayFilter(reasons, since == null ? null : since(since, now));
    }

    private static Instant since(String value, Instant now) {
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException notAnInstant) {
            try {
                return now.minus(DurationArg.parse("--since", value));
            } catch (UserException notADuration) {
                throw new UserException("Invalid --since: " + value + " (use an ISO-8601 instant such as"
                        + " 2026-01-31T12:00:00Z, or a duration such as 30m or 2h)");
            }
        }
    }

    public boolean matches(StoredLetter letter) {
        return (reasons.isEmpty() || reasons.contains(letter.reason().toUpperCase(Locale.ROOT)))
                && (since == null || !letter.failedAt().isBefore(since));
    }
}
