package io.fluxo.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayFilterTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    static StoredLetter letter(String reason, String failedAt) {
        return new StoredLetter(reason, "t", 0, 1, null, new byte[] {'x'}, "h", false, false, Instant.parse(failedAt));
    }

    @Test
    void reasonsAreRepeatableOrACommaListAndMatchedCaseInsensitively() {
        ReplayFilter f = ReplayFilter.of(List.of("invalid_amount, NOT_JSON", "MISSING_FIELD"), null, NOW);
        assertThat(f.reasons()).isEqualTo(Set.of("INVALID_AMOUNT", "NOT_JSON", "MISSING_FIELD"));
        assertThat(f.since()).isNull();
        assertThat(f.matches(letter("INVALID_AMOUNT", "2020-01-01T00:00:00Z"))).isTrue();
        assertThat(f.matches(letter("not_json", "2020-01-01T00:00:00Z"))).isTrue();
        assertThat(f.matches(letter("SINK_REJECTED", "2020-01-01T00:00:00Z"))).isFalse();
    }

    @Test
    void noReasonAndNoSinceTakesEveryLetter() {
        ReplayFilter f = ReplayFilter.of(null, null, NOW);
        assertThat(f).isEqualTo(ReplayFilter.ALL);
        assertThat(f.matches(letter("ANY", "1970-01-01T00:00:00Z"))).isTrue();
    }

    @Test
    void sinceIsAnInstantOrADurationBackFromNowInclusive() {
        assertThat(ReplayFilter.of(null, "2h", NOW).since()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(ReplayFilter.of(null, "30m", NOW).since()).isEqualTo(Instant.parse("2026-03-01T11:30:00Z"));
        ReplayFilter f = ReplayFilter.of(null, "2026-03-01T10:00:00Z", NOW);
        assertThat(f.since()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(f.matches(letter("X", "2026-03-01T10:00:00Z"))).isTrue();
        assertThat(f.matches(letter("X", "2026-03-01T09:59:59.999Z"))).isFalse();
    }

    @Test
    void aBadSinceOrAnEmptyReasonIsOneLine() {
        assertThatThrownBy(() -> ReplayFilter.of(null, "yesterday", NOW)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --since: yesterday (use an ISO-8601 instant such as 2026-01-31T12:00:00Z,"
                        + " or a duration such as 30m or 2h)");
        assertThatThrownBy(() -> ReplayFilter.of(List.of("A,,B"), null, NOW)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --reason: A,,B (use reason codes such as INVALID_AMOUNT, separated by commas)");
    }
}
