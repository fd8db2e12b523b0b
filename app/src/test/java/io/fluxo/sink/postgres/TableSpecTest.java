package io.fluxo.sink.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableSpecTest {
    private static final TableSpec WINDOWS = new TableSpec("windows", List.of("kind", "window_start", "revenue", "note"),
            List.of("kind", "window_start"));

    @Test
    void theUpsertUpdatesEveryColumnButTheKey() {
        assertThat(WINDOWS.upsertFrom("stage_0")).isEqualTo("insert into windows (kind, window_start, revenue, note)"
                + " select kind, window_start, revenue, note from stage_0 on conflict (kind, window_start) do update set"
                + " revenue = excluded.revenue, note = excluded.note");
    }

    @Test
    void aTableOfKeysOnlyDoesNothingOnConflict() {
        assertThat(new TableSpec("seen", List.of("id"), List.of("id")).upsertFrom("s"))
                .isEqualTo("insert into seen (id) select id from s on conflict (id) do nothing");
    }

    @Test
    void keysMustBeColumns() {
        assertThatThrownBy(() -> new TableSpec("t", List.of("a"), List.of("b")))
                .hasMessage("Invalid table spec of t: conflict keys [b] must be some of the columns [a]");
        assertThatThrownBy(() -> new TableSpec("t", List.of("a"), List.of()))
                .hasMessage("Invalid table spec of t: conflict keys [] must be some of the columns [a]");
    }

    @Test
    void aRowHasOneValuePerColumn() {
        assertThatThrownBy(() -> PostgresSink.Row.of(WINDOWS, "a", 1))
                .hasMessage("Invalid row for windows: 2 values for 4 columns");
    }

    @Test
    void csvQuotesTextSoThatAnEmptyStringIsNotNull() {
        assertThat(PostgresSink.CsvReader.line(Arrays.asList("say \"hi\"", "", null, new BigDecimal("7937.86"),
                Instant.parse("2026-12-01T10:15:30.123Z"), 42, 7L, true)))
                .isEqualTo("\"say \"\"hi\"\"\",\"\",,7937.86,2026-12-01T10:15:30.123Z,42,7,true\n");
        // toPlainString, never 1E+3.
        assertThat(PostgresSink.CsvReader.field(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThatThrownBy(() -> PostgresSink.CsvReader.field(new Object()))
                .hasMessageStartingWith("Cannot write a java.lang.Object to PostgreSQL");
    }
}
