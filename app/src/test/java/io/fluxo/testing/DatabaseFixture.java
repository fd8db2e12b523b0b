package io.fluxo.testing;

import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** A pipeline fixture with a PostgreSQL database of its own on the test stack's server, and SQL helpers on it. */
public abstract class DatabaseFixture extends PipelineFixture {
    public final String database;

    /** Creates the database {@code <prefix>_<fixture name>}. */
    protected DatabaseFixture(String test, String prefix) {
        super(test);
        database = prefix + "_" + name.replace('-', '_');
        PostgresSettings server = PostgresSettings.of(TestStack.config());
        try (Connection admin = DriverManager.getConnection(server.url(), server.user(), "");
                Statement s = admin.createStatement()) {
            s.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + database, e);
        }
    }

    /** The value of {@code FLUXO_POSTGRES_URL} that points at this fixture's database. */
    protected String databaseUrl() {
        String serverUrl = PostgresSettings.of(TestStack.config()).url();
        return serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + database;
    }

    public DataSource dataSource() {
        return PostgresDataSources.shared(PostgresSettings.of(config));
    }

    /** Every column of every row of a table, keyed by its first column. */
    public Map<String, String> table(String table) {
        return query("select t.*::text from " + table + " t order by 1");
    }

    /** First column → second column (or the first again, for one column) of every row. */
    public Map<String, String> query(String sql) {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                rows.put(r.getString(1), columns == 1 ? r.getString(1) : r.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run " + sql, e);
        }
        return rows;
    }

    public void execute(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run " + sql, e);
        }
    }

    public long count(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run " + sql, e);
        }
    }
}
