package io.fluxo.bench;

import io.fluxo.sink.postgres.PostgresSettings;
import com.zaxxer.hikari.HikariDataSource;
import io.fluxo.config.UserException;
import io.fluxo.sink.postgres.PostgresDataSources;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The bench's own databases on the configured PostgreSQL server: created through the configured database
 * (which must exist, as for the pipeline), dropped the same way. Names are the bench's own
 * ({@code bench_<run id>...}, lower case letters, digits and underscores), so they need no escaping.
 */
public final class BenchDatabases {
    private BenchDatabases() {
    }

    /** The same server, user and pool size, another database. */
    public static PostgresSettings at(PostgresSettings server, String database) {
        return new PostgresSettings(withDatabase(server.url(), database), server.user(),
                server.password(), server.poolSize(), server.retry());
    }

    /** @return the server's version, e.g. "17.6"; fails with one line when the server does not answer */
    public static String serverVersion(PostgresSettings server) {
        try (Connection c = connect(server); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("show server_version")) {
            r.next();
            return r.getString(1).strip().split(" ")[0];
        } catch (SQLException e) {
            throw cannotConnect(server, e);
        }
    }

    public static void create(PostgresSettings server, String database) {
        try (Connection c = connect(server); Statement s = c.createStatement()) {
            s.execute("create database \"" + database + "\"");
        } catch (SQLException e) {
            throw new UserException("Cannot create the bench database " + database + " at " + server.url() + " as "
                    + server.user() + ": " + firstLine(e) + " (the user needs the CREATEDB privilege; the local stack's"
                    + " user fluxo has it)", e);
        }
    }

    /**
     * Closes this JVM's pool of the database (only the bench used it), then drops the database, ending any
     * session still open on it. Best effort: a problem is added to {@code problems}, never thrown.
     *
     * @param pooled whether the pipeline's pool of this database was ever opened in this JVM
     */
    public static void drop(PostgresSettings server, String database, boolean pooled, List<String> problems) {
        if (pooled) {
            try {
                DataSource pool = PostgresDataSources.shared(at(server, database));
                if (pool instanceof HikariDataSource hikari) {
                    hikari.close();
                }
            } catch (RuntimeException e) {
                // the server is gone: the drop below says so
            }
        }
        try (Connection c = connect(server); Statement s = c.createStatement()) {
            s.execute("drop database if exists \"" + database + "\" with (force)");
        } catch (SQLException e) {
            problems.add("Cannot drop the bench database " + database + " at " + server.url() + ": " + firstLine(e));
        }
    }

    /**
     * The same server, user options and parameters, another database: jdbc:postgresql://h:5432/fluxo?ssl=true
     * with database bench_x is jdbc:postgresql://h:5432/bench_x?ssl=true.
     *
     * @throws IllegalArgumentException for a URL that is not jdbc:postgresql://...
     */
    public static String withDatabase(String url, String database) {
        String scheme = "jdbc:postgresql://";
        if (!url.startsWith(scheme)) {
            throw new IllegalArgumentException("Invalid PostgreSQL URL: " + url + " (must start with " + scheme + ")");
        }
        int query = url.indexOf('?', scheme.length());
        String head = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = head.indexOf('/', scheme.length());
        String hosts = slash < 0 ? head : head.substring(0, slash);
        return hosts + "/" + database + params;
    }

    static Connection connect(PostgresSettings settings) throws SQLException {
        return connect(settings, "fluxo-bench");
    }

    /** A plain connection, outside the pipeline's pool, named {@code applicationName} on the server. */
    public static Connection connect(PostgresSettings settings, String applicationName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        props.setProperty("password", settings.password());
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", applicationName);
        Connection c = new org.postgresql.Driver().connect(settings.url(), props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL (set fluxo.postgres.url to jdbc:postgresql://host:port/database)");
        }
        return c;
    }

    /** Closes {@code c} if there is one, a broken connection's error ignored; null, for the field that held it. */
    public static Connection closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // a broken connection: whoever needs one opens a new one
            }
        }
        return null;
    }

    static UserException cannotConnect(PostgresSettings settings, SQLException e) {
        return new UserException("Cannot connect to PostgreSQL at " + settings.url() + " as " + settings.user() + ": "
                + firstLine(e) + " (start the local one with ./fluxo stack up --services postgres, or set"
                + " fluxo.postgres.url)", e);
    }

    public static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }
}
