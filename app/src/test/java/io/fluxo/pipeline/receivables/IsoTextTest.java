package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsoTextTest {
    private static final List<String> VALID_DATE_TIMES = List.of("2026-11-21T10:00:00Z", "2026-11-21T10:00:00.1Z",
            "2026-11-21T10:00:00.123456789Z", "2026-11-21T23:59:59-03:00", "2024-02-29T00:00:00+18:00",
            "0000-01-01T00:00:00", "2026-11-21T10:00:00.5+05:30");
    /** Accepted by ISO_DATE_TIME, but not in the shapes read by hand: the formatter decides them. */
    private static final List<String> VALID_OTHER_SHAPES = List.of("2026-11-21T10:00", "2026-11-21T10:00:00+05:30:15",
            "2026-11-21T10:00:00Z[UTC]", "2026-11-21t10:00:00z", "2026-11-21T10:00:00.Z", "+12026-11-21T10:00:00Z");
    private static final List<String> INVALID_DATE_TIMES = List.of("yesterday", "2026-02-29T10:00:00Z",
            "2026-11-31T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-21T24:00:00Z", "2026-11-21T10:60:00Z",
            "2026-11-21T10:00:60Z", "2026-11-21T10:00:00.1234567890Z", "2026-11-21T10:00:00+18:01",
            "2026-11-21T10:00:00+19:00", "2026-11-21T10:00:00ZZ", "2026-11-21 10:00:00Z", "2026-11-21T10:00:00-0300",
            "2026-1１-21T10:00:00Z");

    @Test
    void readsTheUsualShapesByHand() {
        VALID_DATE_TIMES.forEach(t -> assertThat(IsoText.fastDateTime(t)).as(t).isTrue());
        VALID_OTHER_SHAPES.forEach(t -> assertThat(IsoText.fastDateTime(t)).as(t).isFalse());
        INVALID_DATE_TIMES.forEach(t -> assertThat(IsoText.fastDateTime(t)).as(t).isFalse());
    }

    @Test
    void acceptsExactlyWhatTheFormatterAccepts() {
        for (String t : VALID_DATE_TIMES) {
            DateTimeFormatter.ISO_DATE_TIME.parse(t);
            IsoText.checkDateTime(t);
        }
        for (String t : VALID_OTHER_SHAPES) {
            DateTimeFormatter.ISO_DATE_TIME.parse(t);
            IsoText.checkDateTime(t);
        }
        for (String t : INVALID_DATE_TIMES) {
            assertThatThrownBy(() -> DateTimeFormatter.ISO_DATE_TIME.parse(t)).as(t).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> IsoText.checkDateTime(t)).as(t).isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void datesAsIsoLocalDate() {
        for (String t : List.of("2026-11-21", "2024-02-29", "0000-01-01", "+12026-11-21")) {
            DateTimeFormatter.ISO_LOCAL_DATE.parse(t);
            IsoText.checkDate(t);
        }
        for (String t : List.of("2026-02-29", "2026-04-31", "2026-00-10", "21/11/2026", "2026-11-2x", "2026/11/21", "")) {
            assertThatThrownBy(() -> IsoText.checkDate(t)).as(t).isInstanceOf(DateTimeParseException.class);
        }
    }
}
