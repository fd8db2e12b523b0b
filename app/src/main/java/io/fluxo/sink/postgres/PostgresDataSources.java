package io.fluxo.sink.postgres;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import io.fluxo.config.UserException;
import io.fluxo.sink.Causes;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One connection pool per settings and JVM: Spark tasks on the same executor share it, and a pool lives until
 * the JVM exits (then it closes, so that the server sees sessions end rather than connections drop).
 */
public final class PostgresDataSources {
    private static final Map<PostgresSettings, HikariDataSource> SHARED = new ConcurrentHashMap<>();
    private static final AtomicInteger POOLS = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SHARED.values().forEach(HikariDataSource::close),
                "fluxo-postgres-pools"));
    }

    private PostgresDataSources() {
    }

    /**
     * The pool of these settings, created and connected on first use.
     *
     * @throws UserException when the server cannot be reached or refuses the login; nothing is kept then, so
     *     the next call tries again
     */
    public static DataSource shared(PostgresSettings settings) {
        requireNonNull(settings, "settings");
        return SHARED.computeIfAbsent(settings, PostgresDataSources::create);
    }

    /** A pool of its own, connected at once; the caller closes it. Same errors as {@link #shared}. */
    public static HikariDataSource create(PostgresSettings settings) {
        requireNonNull(settings, "settings");
        // One plain connection first: the pool would log a failure with its stack trace before throwing.
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        props.setProperty("password", settings.password());
        props.setProperty("connectTimeout", "10");
        try (Connection probe = new org.postgresql.Driver().connect(settings.url(), props)) {
            if (probe == null) {
                throw new UserException("Cannot connect to PostgreSQL at " + settings.url()
                        + ": not a PostgreSQL JDBC URL (set fluxo.postgres.url to jdbc:postgresql://host:port/database)");
            }
        } catch (SQLException e) {
            throw cannotConnect(settings, e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("fluxo-postgres-" + POOLS.incrementAndGet());
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        if (!settings.password().isEmpty()) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        // Executors mostly sit between micro-batches: keep one connection warm, not the whole pool.
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", "fluxo");
        try {
            return new HikariDataSource(config);
        } catch (PoolInitializationException e) {
            throw cannotConnect(settings, e);
        }
    }

    private static UserException cannotConnect(PostgresSettings settings, Exception e) {
        return new UserException("Cannot connect to PostgreSQL at " + settings.url() + " as " + settings.user() + ": "
                + reason(e) + " (start the local one with ./fluxo stack up --services postgres, or set"
                + " fluxo.postgres.url, e.g. FLUXO_POSTGRES_URL=jdbc:postgresql://host:5432/fluxo)", e);
    }

    /**
     * The driver's own first sentence ("Connection to db:5432 refused", "FATAL: password authentication failed
     * for user ..."), plus the underlying cause when the driver's sentence is generic ("The connection attempt
     * failed" for an unknown host).
     */
    static String reason(Throwable e) {
        Throwable sql = e;
        while (!(sql instanceof SQLException) && sql.getCause() != null && sql.getCause() != sql) {
            sql = sql.getCause();
        }
        String message = firstSentence(sql);
        Throwable root = Causes.root(sql);
        if (root instanceof UnknownHostException) {
            return message + ": unknown host " + root.getMessage();
        }
        if (root != sql && !(root instanceof ConnectException) && root.getMessage() != null
                && !message.contains(root.getMessage())) {
            return message + ": " + firstSentence(root);
        }
        return message;
    }

    private static String firstSentence(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        String line = message.lines().findFirst().orElse(message).strip();
        int end = line.indexOf(". ");
        return (end > 0 ? line.substring(0, end) : line).replaceFirst("\\.$", "");
    }
}
