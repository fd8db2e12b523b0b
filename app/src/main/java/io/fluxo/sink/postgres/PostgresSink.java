package io.fluxo.sink.postgres;

import static java.util.Objects.requireNonNull;

import dev.failsafe.FailsafeException;
import dev.failsafe.function.CheckedSupplier;
import io.fluxo.sink.RetryBudget;
import io.fluxo.sink.Sink;
import io.fluxo.sink.Transient;
import io.fluxo.sink.SinkException;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Upserts a micro-batch's rows into their tables in ONE PostgreSQL transaction together with the fence row
 * (query id, batch id) in {@code fluxo_batches}: a batch whose fence row exists was written before and is
 * skipped, so a replay after a crash applies nothing twice. Each table's rows reach the server through COPY
 * into a temporary table, the fastest path in, then one {@code insert ... on conflict do update}. With
 * {@link #writeAll}, rows the server refuses for good are isolated and returned, and the rest is written.
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

    /**
     * Rows the server refused for good, standing or falling together (e.g. a record and its parts), with the
     * server's SQLSTATE and message (and detail, when it gave one).
     */
    public record Refusal(List<Row> rows, String sqlState, String message) implements Serializable {
        public Refusal {
            rows = List.copyOf(rows);
            requireNonNull(message, "message");
        }
    }

    /**
     * What {@link #writeAll} did: the rows it wrote now (0 when the batch had been written before) and the units the
     * server refused, in input order; on a replay of a batch written before, the units refused then.
     */
    public record Result(long written, List<Refusal> refused) implements Serializable {
        public Result {
            refused = List.copyOf(refused);
        }
    }

    private final PostgresSettings settings;
    private final String queryId;

    public PostgresSink(PostgresSettings settings, String queryId) {
        this.settings = requireNonNull(settings, "settings");
        this.queryId = requireNonNull(queryId, "queryId");
    }

    /** Writes every row or none: a value the server refuses fails the batch at once, "(refused, not retried)". */
    @Override
    public void write(long batchId, Iterator<Row> rows) {
        List<List<Row>> units = new ArrayList<>();
        rows.forEachRemaining(r -> units.add(List.of(r)));
        run(batchId, units, false);
    }

    /**
     * Writes every unit the server takes, with the fence, in one transaction, and returns those it refused for good
     * (a data exception, a constraint, an index row too large: SQLSTATE class 22, 23 or 54000), so that one bad
     * value does not stop the batch. The first attempt writes the whole batch at once; only when the server
     * refuses it are the refused units isolated by halving under savepoints ({@link Bisection}). The refusals are
     * stored with the fence ({@code fluxo_batch_refusals}, by unit index), so a replay of a batch written before
     * writes nothing and returns the same refusals: it must hand the same units in the same order, as a replayed
     * Spark batch sorted stably does. Errors that are about no row (a missing table, a permission) fail the batch.
     *
     * @param units groups of rows written or refused together, each group's rows in any tables
     */
    public Result writeAll(long batchId, List<List<Row>> units) {
        return run(batchId, List.copyOf(units), true);
    }

    private Result run(long batchId, List<List<Row>> units, boolean isolate) {
        return retrying(settings, "write batch " + batchId + " to", () -> writeOnce(batchId, units, isolate));
    }

    /** Work on one connection of the shared pool. */
    public interface ConnectionCall<T> {
        T apply(Connection c) throws SQLException;
    }

    /** {@link #retrying} with a connection of the settings' shared pool. */
    public static <T> T withConnection(PostgresSettings settings, String what, ConnectionCall<T> call) {
        return retrying(settings, what, () -> {
            try (Connection c = PostgresDataSources.shared(settings).getConnection()) {
                return call.apply(c);
            }
        });
    }

    /**
     * Runs {@code call} under the settings' retry budget, again while it fails with what {@link #isTransient}
     * accepts. A failure is one line: {@code Cannot <what> PostgreSQL at <url>: <cause> after N attempts in T s}, or
     * {@code … (refused, not retried)}; an unchecked exception that is no SQL failure (a bug) is thrown as it is.
     */
    static <T> T retrying(PostgresSettings settings, String what, CheckedSupplier<T> call) {
        try {
            return settings.retry().call(PostgresSink::isTransient, call);
        } catch (RetryBudget.Exhausted e) {
            throw new SinkException("Cannot " + what + " PostgreSQL at " + settings.url() + ": "
                    + firstLine(e.getCause()) + " " + e.summary(), e.getCause());
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new SinkException("Cannot " + what + " PostgreSQL at " + settings.url() + ": "
                    + firstLine(cause) + " (refused, not retried)", cause);
        }
    }

    /**
     * Transient: no connection (refused, lost, pool time-out), the server shutting down or out of connections,
     * and a serialization failure or deadlock of the transaction. Anything else (a value the table refuses, a
     * missing table) is refused data or a bug: not retried.
     */
    public static boolean isTransient(Throwable e) {
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

    /**
     * A refusal of the rows written, not of the statement: a data exception (class 22: NUL in text, a number or
     * timestamp out of range, a value too long), an integrity constraint (class 23: not null, check, unique) or an
     * index row over the btree maximum (54000). A missing table (42P01) or permission (42501) is about no row.
     */
    static boolean isRowRefusal(SQLException e) {
        String state = e.getSQLState();
        return state != null && !isTransient(e)
                && (state.startsWith("22") || state.startsWith("23") || state.equals("54000"));
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse("").strip();
    }

    /** The server's message and detail, without the "ERROR:" and the COPY context (a stage table's line). */
    static Bisection.Why why(SQLException e) {
        String message = firstLine(e);
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            message = m.getMessage() == null ? message : m.getMessage();
            if (m.getColumn() != null) {
                message += " (column " + m.getColumn() + ")";
            }
            if (m.getDetail() != null && !m.getDetail().isBlank()) {
                message += ": " + m.getDetail().strip();
            }
        }
        return new Bisection.Why(e.getSQLState(), message.replace((char) 0, ' '));
    }

    private Result writeOnce(long batchId, List<List<Row>> units, boolean isolate) throws SQLException, IOException {
        try (Connection c = PostgresDataSources.shared(settings).getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!claimFence(c, batchId)) {
                    List<Refusal> earlier = isolate ? refusalsOf(c, batchId, units) : List.of();
                    c.rollback();
                    return new Result(0, earlier); // written by an earlier attempt of this batch
                }
                long rows = units.stream().mapToLong(List::size).sum();
                try {
                    writeRows(c, units, new LinkedHashMap<>());
                } catch (SQLException e) {
                    if (!isolate || !isRowRefusal(e)) {
                        throw e;
                    }
                    c.rollback();
                    return writeIsolating(c, batchId, units, rows, why(e));
                }
                c.commit();
                return new Result(rows, List.of());
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

    /** The slow path, after the whole batch was refused: each half under a savepoint, down to the refused units. */
    private Result writeIsolating(Connection c, long batchId, List<List<Row>> units, long rows, Bisection.Why whole)
            throws SQLException {
        if (!claimFence(c, batchId)) {
            List<Refusal> earlier = refusalsOf(c, batchId, units);
            c.rollback();
            return new Result(0, earlier); // another attempt of this batch committed in the meantime
        }
        // Created before the first savepoint: a stage created under one would go with its rollback.
        Map<TableSpec, String> stages = new LinkedHashMap<>();
        for (List<Row> unit : units) {
            for (Row r : unit) {
                if (!stages.containsKey(r.table())) {
                    String stage = "fluxo_stage_" + stages.size();
                    createStage(c, r.table(), stage);
                    stages.put(r.table(), stage);
                }
            }
        }
        List<Integer> indexes = new ArrayList<>(units.size());
        for (int i = 0; i < units.size(); i++) {
            indexes.add(i);
        }
        List<Bisection.Refused<Integer>> refused = Bisection.isolate(indexes, whole, part -> {
            Savepoint savepoint = c.setSavepoint();
            try {
                writeRows(c, part.stream().map(units::get).toList(), stages);
                c.releaseSavepoint(savepoint);
                return null;
            } catch (SQLException e) {
                if (!isRowRefusal(e)) {
                    throw e;
                }
                c.rollback(savepoint);
                return why(e);
            } catch (IOException e) {
                throw new SQLException("Cannot copy rows to PostgreSQL: " + e.getMessage(), e);
            }
        });
        List<Refusal> out = new ArrayList<>(refused.size());
        long refusedRows = 0;
        try (PreparedStatement p = c.prepareStatement("insert into fluxo_batch_refusals (query_id, batch_id,"
                + " unit_index, sql_state, message) values (?, ?, ?, ?, ?)")) {
            for (Bisection.Refused<Integer> r : refused) {
                List<Row> unit = units.get(r.unit());
                out.add(new Refusal(unit, r.why().sqlState(), r.why().message()));
                refusedRows += unit.size();
                p.setString(1, queryId);
                p.setLong(2, batchId);
                p.setInt(3, r.unit());
                p.setString(4, r.why().sqlState());
                p.setString(5, r.why().message());
                p.addBatch();
            }
            p.executeBatch();
        }
        c.commit();
        return new Result(rows - refusedRows, out);
    }

    /**
     * Copies the units' rows into one stage table per target table, then upserts each: in the first attempt the
     * stages are created (dropped at commit), in later attempts of the same transaction emptied and reused.
     */
    private static void writeRows(Connection c, List<List<Row>> units, Map<TableSpec, String> stages)
            throws SQLException, IOException {
        Map<TableSpec, List<Row>> byTable = new LinkedHashMap<>();
        for (List<Row> unit : units) {
            for (Row r : unit) {
                byTable.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<TableSpec, List<Row>> e : byTable.entrySet()) {
            TableSpec table = e.getKey();
            String stage = stages.get(table);
            if (stage == null) {
                stage = "fluxo_stage_" + stages.size();
                createStage(c, table, stage);
                stages.put(table, stage);
            } else {
                try (Statement s = c.createStatement()) {
                    s.execute("truncate " + stage);
                }
            }
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + stage + " ("
                    + String.join(", ", table.columns()) + ") from stdin with (format csv)",
                    new CsvReader(e.getValue().iterator()));
            try (Statement s = c.createStatement()) {
                s.executeUpdate(table.upsertFrom(stage));
            }
        }
    }

    private static void createStage(Connection c, TableSpec table, String stage) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create temporary table " + stage + " (like " + table.table() + ") on commit drop");
        }
    }

    /** The units refused when this batch was written before, from the refusals stored with its fence. */
    private List<Refusal> refusalsOf(Connection c, long batchId, List<List<Row>> units) throws SQLException {
        List<Refusal> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("select unit_index, sql_state, message from fluxo_batch_refusals"
                + " where query_id = ? and batch_id = ? order by unit_index")) {
            p.setString(1, queryId);
            p.setLong(2, batchId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    int index = r.getInt(1);
                    if (index >= units.size()) {
                        throw new IllegalStateException("Cannot replay batch " + batchId + " of " + queryId + ": unit "
                                + index + " was refused when it was written, but the replay has " + units.size()
                                + " units (not the same batch?)");
                    }
                    out.add(new Refusal(units.get(index), r.getString(2), r.getString(3)));
                }
            }
        }
        return out;
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
            if (value instanceof Instant i) {
                return instant(i);
            }
            if (value instanceof Number || value instanceof Boolean) {
                return value.toString();
            }
            throw new IllegalArgumentException("Cannot write a " + value.getClass().getName() + " to PostgreSQL: use"
                    + " String, BigDecimal, Integer, Long, Boolean or Instant");
        }

        /**
         * ISO-8601 for years 1 to 9999; outside them ISO writes a sign (+10000, -4713) that PostgreSQL does not
         * read, so those are written as PostgreSQL writes them: the year's digits and "BC" for a year before 1.
         */
        static String instant(Instant i) {
            java.time.OffsetDateTime t = i.atOffset(java.time.ZoneOffset.UTC);
            int year = t.getYear();
            if (year >= 1 && year <= 9999) {
                return i.toString();
            }
            return String.format(java.util.Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d.%09d+00%s", year >= 1 ? year : 1 - year,
                    t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getNano(),
                    year >= 1 ? "" : " BC");
        }
    }
}
