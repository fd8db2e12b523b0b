package io.fluxo.sink.postgres;

import static java.util.Objects.requireNonNull;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import io.fluxo.sink.Backoff;
import io.fluxo.sink.Sink;
import io.fluxo.sink.Transient;
import io.fluxo.sink.SinkException;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * Upserts a micro-batch's rows into their tables in ONE PostgreSQL transaction together with the fence row
 * (query id, batch id) in {@code fluxo_batches}: a batch whose fence row exists was written before and is
 * skipped, so a replay after a crash applies nothing twice. Each table's rows reach the server through COPY
 * into a temporary table, the fastest path in, then one {@code insert ... on conflict do update}.
 */
public final class PostgresSink implements Sink<PostgresSink.Row> {
    /**
     * One row for one table: values in the order of {@link TableSpec#columns()}, each a String, a number
     * (BigDecimal, Integer, Long), a Boolean, an Instant, or null.
     */
    public record Row(TableSpec table, List<Object> values) implements Serializable {
        public Row {
            requireNonNull(table, "table");
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
            if (values.size() != table.columns().size()) {
                throw new IllegalArgumentException("Invalid row for " + table.table() + ": " + values.size()
                        + " values for " + table.columns().size() + " columns");
            }
        }

        public static Row of(TableSpec table, Object... values) {
            return new Row(table, java.util.Arrays.asList(values));
        }
    }

    private final PostgresSettings settings;
    private final String queryId;

    public PostgresSink(PostgresSettings settings, String queryId) {
        this.settings = requireNonNull(settings, "settings");
        this.queryId = requireNonNull(queryId, "queryId");
    }

    @Override
    public void write(long batchId, Iterator<Row> rows) {
        Map<TableSpec, List<Row>> byTable = new LinkedHashMap<>();
        rows.forEachRemaining(r -> byTable.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r));
        try {
            Failsafe.with(Backoff.<Void>policy(settings.maxAttempts()).handleIf(PostgresSink::isTransient).build())
                    .run(() -> writeOnce(batchId, byTable));
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new SinkException("Cannot write batch " + batchId + " to PostgreSQL at " + settings.url() + ": "
                    + firstLine(cause) + (isTransient(cause) ? " after " + settings.maxAttempts() + " attempts"
                    : " (refused, not retried)"), cause);
        } catch (RuntimeException e) {
            if (e instanceof SinkException || !isTransient(e)) {
                throw e;
            }
            throw new SinkException("Cannot write batch " + batchId + " to PostgreSQL at " + settings.url() + ": "
                    + firstLine(e) + " after " + settings.maxAttempts() + " attempts", e);
        }
    }

    /**
     * Transient: no connection (refused, lost, pool time-out), the server shutting down or out of connections,
     * and a serialization failure or deadlock of the transaction. Anything else (a value the table refuses, a
     * missing table) is refused data or a bug: not retried.
     */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("40001") || state.equals("40P01") || state.equals("53300")
                        || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return Transient.isConnectionOrTimeout(e);
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse("").strip();
    }

    private void writeOnce(long batchId, Map<TableSpec, List<Row>> byTable) throws SQLException, IOException {
        try (Connection c = PostgresDataSources.shared(settings).getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!claimFence(c, batchId)) {
                    c.rollback();
                    return; // written by an earlier attempt of this batch
                }
                int n = 0;
                for (Map.Entry<TableSpec, List<Row>> e : byTable.entrySet()) {
                    TableSpec table = e.getKey();
                    String stage = "fluxo_stage_" + n++;
                    try (Statement s = c.createStatement()) {
                        s.execute("create temporary table " + stage + " (like " + table.table() + ") on commit drop");
                    }
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + stage + " ("
                            + String.join(", ", table.columns()) + ") from stdin with (format csv)",
                            new CsvReader(e.getValue().iterator()));
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate(table.upsertFrom(stage));
                    }
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException lost) {
                    e.addSuppressed(lost); // the connection is gone: the server rolls the transaction back itself
                }
                throw e;
            }
        }
    }

    /** Inserts the fence row; false when it was there already. Blocks while another writer holds the same batch. */
    private boolean claimFence(Connection c, long batchId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "insert into fluxo_batches (query_id, batch_id) values (?, ?) on conflict do nothing")) {
            p.setString(1, queryId);
            p.setLong(2, batchId);
            return p.executeUpdate() == 1;
        }
    }

    /** Rows as CSV, produced lazily so a large batch is never held twice in memory. */
    static final class CsvReader extends Reader {
        private final Iterator<Row> rows;
        private String current = "";
        private int position;

        CsvReader(Iterator<Row> rows) {
            this.rows = rows;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (position == current.length()) {
                if (!rows.hasNext()) {
                    return -1;
                }
                current = line(rows.next().values());
                position = 0;
            }
            int n = Math.min(length, current.length() - position);
            current.getChars(position, position + n, buffer, offset);
            position += n;
            return n;
        }

        @Override
        public void close() {
        }

        static String line(List<Object> values) {
            StringBuilder sb = new StringBuilder(256);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(field(values.get(i)));
            }
            return sb.append('\n').toString();
        }

        /** An unquoted empty field is NULL; text is always quoted (so "" is an empty string), quotes doubled. */
        static String field(Object value) {
            if (value == null) {
                return "";
            }
            if (value instanceof String s) {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
            if (value instanceof BigDecimal d) {
                return d.toPlainString();
            }
            if (value instanceof Instant || value instanceof Number || value instanceof Boolean) {
                return value.toString();
            }
            throw new IllegalArgumentException("Cannot write a " + value.getClass().getName() + " to PostgreSQL: use"
                    + " String, BigDecimal, Integer, Long, Boolean or Instant");
        }
    }
}
