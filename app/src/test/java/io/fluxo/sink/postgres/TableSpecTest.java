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
    void aMergedColumnTakesItsExpressionWithTheTableForTheRowThatIsThere() {
        TableSpec counted = TableSpec.merging("windows", List.of("kind", "window_start", "revenue", "note"),
                List.of("kind", "window_start"), java.util.Map.of("revenue", "{t}.revenue + excluded.revenue"));
        assertThat(counted.upsertFrom("stage_0")).isEqualTo("insert into windows (kind, window_start, revenue, note)"
                + " select kind, window_start, revenue, note from stage_0 on conflict (kind, window_start) do update set"
                + " revenue = windows.revenue + excluded.revenue, note = excluded.note");
    }

    @Test
    void anInsertOnlyTableKeepsTheRowThatIsThere() {
        assertThat(TableSpec.insertOnly("alerts", List.of("kind", "key", "details"), List.of("kind", "key"))
                .upsertFrom("s")).isEqualTo("insert into alerts (kind, key, details) select kind, key, details from s"
                        + " on conflict (kind, key) do nothing");
    }

    @Test
    void onlyColumnsOutsideTheKeyMerge() {
        assertThatThrownBy(() -> TableSpec.merging("t", List.of("a", "b"), List.of("a"), java.util.Map.of("a", "1")))
                .hasMessage("Invalid table spec of t: merged columns [a] must be columns outside the key [a]");
        assertThatThrownBy(() -> TableSpec.merging("t", List.of("a", "b"), List.of("a"), java.util.Map.of("c", "1")))
                .hasMessage("Invalid table spec of t: merged columns [c] must be columns outside the key [a]");
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

    @Test
    void instantsOutsideYears1To9999AreWrittenAsPostgresqlReadsThem() {
        assertThat(PostgresSink.CsvReader.field(java.time.Instant.parse("2026-12-01T10:00:00.123Z")))
                .isEqualTo("2026-12-01T10:00:00.123Z");
        assertThat(PostgresSink.CsvReader.field(java.time.Instant.ofEpochMilli(9_224_318_015_999_999L)))
                .isEqualTo("294276-12-31 23:59:59.999000000+00");
        assertThat(PostgresSink.CsvReader.field(java.time.Instant.ofEpochMilli(-210_866_803_200_000L)))
                .isEqualTo("4714-11-24 00:00:00.000000000+00 BC");
        // ISO year 0 is 1 BC.
        assertThat(PostgresSink.CsvReader.field(java.time.Instant.parse("0000-06-30T12:00:00Z")))
                .isEqualTo("0001-06-30 12:00:00.000000000+00 BC");
    }
}
