package io.fluxo.sink.postgres;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.UserException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Fluxo's tables in PostgreSQL, as the Flyway migrations in {@code classpath:db/migration} define them
 * ({@code V<n>__<what>.sql}; an applied migration is never edited, a change is a new one). Migrating is
 * idempotent and safe from several JVMs at once: Flyway holds a lock while it migrates.
 */
public final class Schema {
    public static final String LOCATION = "classpath:db/migration";

    private Schema() {
    }

    /** What one {@link #migrate} did: how many migrations it applied now, and the schema version after it. */
    public record Result(int applied, String version) {
        public Result {
            requireNonNull(version, "version");
        }
    }

    /**
     * Applies the migrations the database does not have yet.
     *
     * @throws UserException when a migration fails or an applied one no longer matches its file (the message
     *     is Flyway's, on one line)
     */
    public static Result migrate(DataSource dataSource) {
        requireNonNull(dataSource, "dataSource");
        Flyway flyway = Flyway.configure(Schema.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load();
        try {
            MigrateResult result = flyway.migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
                    : flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
            return new Result(result.migrationsExecuted, version);
        } catch (FlywayException e) {
            throw new UserException("Cannot migrate the PostgreSQL schema: "
                    + String.join("; ", e.getMessage().strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList())
                    + " (the schema history is in table flyway_schema_history)", e);
        }
    }
}
