package io.fluxo.sink.postgres;

import static org.assertj.core.api.Assertions.assertThat;

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
                + " from fluxo_it_sink_windows order by 2")).containsExactly(
                "tumbling_1m|1796119200|10.10|f|", "tumbling_1m|1796119260|null|t|null");
        assertThat(rows("select id from fluxo_it_sink_seen")).containsExactly("a");

        // The next batch updates a window in place and adds a key that exists: no duplicate, no error.
        sink.write(1, List.of(PostgresSink.Row.of(WINDOWS, "tumbling_1m", t0, new BigDecimal("25.50"), "two"),
                PostgresSink.Row.of(SEEN, "a"), PostgresSink.Row.of(SEEN, "c")).iterator());
        assertThat(rows("select revenue, note from fluxo_it_sink_windows order by window_start"))
                .containsExactly("25.50|two", "null|null");
        assertThat(rows("select id from fluxo_it_sink_seen order by id")).containsExactly("a", "c");
    }
}
