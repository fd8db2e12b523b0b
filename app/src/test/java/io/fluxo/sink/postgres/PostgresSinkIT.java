package io.fluxo.sink.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.sink.SinkException;
import io.fluxo.testing.TestStack;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared PostgreSQL sink against the real server: any table spec, upserts by key, the batch fence. */
class PostgresSinkIT {
    private static final TableSpec WINDOWS = new TableSpec("fluxo_it_sink_windows",
            List.of("kind", "window_start", "revenue", "note"), List.of("kind", "window_start"));
    private static final TableSpec SEEN = new TableSpec("fluxo_it_sink_seen", List.of("id"), List.of("id"));
    private static DataSource dataSource;

    @BeforeAll
    static void createTables() throws SQLException {
        TestStack.start();
        dataSource = PostgresDataSources.shared(PostgresSettings.of(TestStack.config()));
        Schema.migrate(dataSource);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists fluxo_it_sink_windows, fluxo_it_sink_seen");
            s.execute("create table fluxo_it_sink_windows (kind text not null, window_start timestamptz not null,"
                    + " revenue numeric(18,2), note text, primary key (kind, window_start))");
            s.execute("create table fluxo_it_sink_seen (id text primary key)");
        }
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    line.append(i == 1 ? "" : "|").append(r.getString(i));
                }
                out.add(line.toString());
            }
        }
        return out;
    }

    @Test
    void upsertsByKeyAcrossTablesAndSkipsABatchItWroteBefore() throws SQLException {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        Instant t1 = Instant.parse("2026-12-01T10:01:00Z");
        PostgresSink sink = new PostgresSink(PostgresSettings.of(TestStack.config()), "it-sink-" + System.nanoTime());

        sink.write(0, List.of(PostgresSink.Row.of(WINDOWS, "tumbling_1m", t0, new BigDecimal("10.10"), ""),
                PostgresSink.Row.of(SEEN, "a"), PostgresSink.Row.of(WINDOWS, "tumbling_1m", t1, null, null)).iterator());
        // The same batch again, with other values: a replay of a batch already written changes nothing.
        sink.write(0, List.of(PostgresSink.Row.of(WINDOWS, "tumbling_1m", t0, new BigDecimal("99.99"), "replay"),
                PostgresSink.Row.of(SEEN, "b")).iterator());
        assertThat(rows("select kind, extract(epoch from window_start)::bigint, revenue, note is null, note"
                + " from fluxo_it_sink_windows where kind = 'tumbling_1m' order by 2")).containsExactly(
                "tumbling_1m|1796119200|10.10|f|", "tumbling_1m|1796119260|null|t|null");
        assertThat(rows("select id from fluxo_it_sink_seen where id in ('a', 'b', 'c')")).containsExactly("a");

        // The next batch updates a window in place and adds a key that exists: no duplicate, no error.
        sink.write(1, List.of(PostgresSink.Row.of(WINDOWS, "tumbling_1m", t0, new BigDecimal("25.50"), "two"),
                PostgresSink.Row.of(SEEN, "a"), PostgresSink.Row.of(SEEN, "c")).iterator());
        assertThat(rows("select revenue, note from fluxo_it_sink_windows where kind = 'tumbling_1m' order by window_start"))
                .containsExactly("25.50|two", "null|null");
        assertThat(rows("select id from fluxo_it_sink_seen where id in ('a', 'b', 'c') order by id")).containsExactly("a", "c");
    }

    @Test
    void aRowTheServerRefusesIsReturnedTheRestIsWrittenWithTheFenceAndAReplayWritesNothing() throws SQLException {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        String queryId = "it-refusals-" + System.nanoTime();
        PostgresSink sink = new PostgresSink(PostgresSettings.of(TestStack.config()), queryId);
        String longId = new java.util.Random(7).ints(8000, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        List<List<PostgresSink.Row>> units = List.of(
                List.of(PostgresSink.Row.of(WINDOWS, "r-good-1", t0, new BigDecimal("1.00"), "ok")),
                List.of(PostgresSink.Row.of(WINDOWS, "r-nul", t0, new BigDecimal("2.00"), "a\u0000b")),
                // A unit stands or falls whole: the good row of a refused unit is not written either.
                List.of(PostgresSink.Row.of(WINDOWS, "r-overflow", t0, new BigDecimal("12345678901234567.00"), null),
                        PostgresSink.Row.of(SEEN, "r-overflow")),
                List.of(PostgresSink.Row.of(SEEN, longId)),
                List.of(PostgresSink.Row.of(WINDOWS, "r-good-2", t0, null, null), PostgresSink.Row.of(SEEN, "r-good-2")));

        PostgresSink.Result result = sink.writeAll(0, units);

        assertThat(result.written()).isEqualTo(3);
        assertThat(result.refused()).extracting(r -> r.rows().get(0).values().get(0) == longId ? "long id"
                : r.rows().get(0).values().get(0)).containsExactly("r-nul", "r-overflow", "long id");
        assertThat(result.refused()).extracting(PostgresSink.Refusal::sqlState).containsExactly("22021", "22003", "54000");
        assertThat(result.refused().get(0).message()).isEqualTo("invalid byte sequence for encoding \"UTF8\": 0x00");
        assertThat(result.refused().get(1).message()).isEqualTo("numeric field overflow: A field with precision 18,"
                + " scale 2 must round to an absolute value less than 10^16.");
        assertThat(result.refused().get(2).message()).startsWith("index row size ").contains("fluxo_it_sink_seen_pkey");
        assertThat(result.refused().get(1).rows()).hasSize(2);
        assertThat(rows("select kind, revenue, note from fluxo_it_sink_windows where kind like 'r-%' order by kind"))
                .containsExactly("r-good-1|1.00|ok", "r-good-2|null|null");
        assertThat(rows("select id from fluxo_it_sink_seen where id like 'r-%'")).containsExactly("r-good-2");
        assertThat(rows("select batch_id from fluxo_batches where query_id = '" + queryId + "'")).containsExactly("0");

        // The replay writes nothing and reports the same refusals, so their dead letters can be sent once.
        execute("delete from fluxo_it_sink_windows where kind = 'r-good-1'");
        PostgresSink.Result replay = sink.writeAll(0, units);
        assertThat(replay.written()).isZero();
        assertThat(replay.refused()).isEqualTo(result.refused());
        assertThat(rows("select kind from fluxo_it_sink_windows where kind like 'r-%'")).containsExactly("r-good-2");
    }

    @Test
    void writeFailsAtOnceOnARefusedValueAndAnErrorAboutNoRowFailsTheBatch() throws SQLException {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        String queryId = "it-fail-" + System.nanoTime();
        PostgresSink sink = new PostgresSink(PostgresSettings.of(TestStack.config()), queryId);

        assertThatThrownBy(() -> sink.write(0, List.of(PostgresSink.Row.of(WINDOWS, "f-good", t0, null, null),
                PostgresSink.Row.of(WINDOWS, "f-nul", t0, null, "\u0000")).iterator()))
                .isInstanceOf(SinkException.class)
                .hasMessageStartingWith("Cannot write batch 0 to PostgreSQL at ")
                .hasMessageEndingWith(": ERROR: invalid byte sequence for encoding \"UTF8\": 0x00 (refused, not retried)");
        TableSpec missing = new TableSpec("fluxo_it_no_such_table", List.of("id"), List.of("id"));
        assertThatThrownBy(() -> sink.writeAll(0, List.of(List.of(PostgresSink.Row.of(WINDOWS, "f-good", t0, null, null)),
                List.of(PostgresSink.Row.of(missing, "x")))))
                .isInstanceOf(SinkException.class)
                .hasMessageEndingWith(": ERROR: relation \"fluxo_it_no_such_table\" does not exist (refused, not retried)");
        assertThat(rows("select kind from fluxo_it_sink_windows where kind like 'f-%'")).isEmpty();
        assertThat(rows("select batch_id from fluxo_batches where query_id = '" + queryId + "'")).isEmpty();
    }

    @Test
    void instantsAreWrittenAcrossTheWholeRangeOfTimestamptz() throws SQLException {
        PostgresSink sink = new PostgresSink(PostgresSettings.of(TestStack.config()), "it-range-" + System.nanoTime());
        // The first instant timestamptz stores (4714-11-24 BC), the last whole millisecond (294276-12-31), and
        // years past 9999 and before 1, which ISO-8601 writes with a sign that PostgreSQL does not read.
        sink.write(0, List.of(PostgresSink.Row.of(WINDOWS, "range-min", Instant.ofEpochMilli(-210_866_803_200_000L), null, null),
                PostgresSink.Row.of(WINDOWS, "range-max", Instant.ofEpochMilli(9_224_318_015_999_999L), null, null),
                PostgresSink.Row.of(WINDOWS, "range-10000", Instant.parse("+10000-01-01T00:00:00.5Z"), null, null),
                PostgresSink.Row.of(WINDOWS, "range-0", Instant.parse("0000-06-30T12:00:00Z"), null, null)).iterator());
        assertThat(rows("select kind, (extract(epoch from window_start) * 1000)::bigint from fluxo_it_sink_windows"
                + " where kind like 'range-%' order by 2")).containsExactly("range-min|-210866803200000",
                "range-0|" + Instant.parse("0000-06-30T12:00:00Z").toEpochMilli(),
                "range-10000|" + Instant.parse("+10000-01-01T00:00:00.5Z").toEpochMilli(), "range-max|9224318015999999");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
