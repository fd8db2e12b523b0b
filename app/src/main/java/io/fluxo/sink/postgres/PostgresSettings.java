package io.fluxo.sink.postgres;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import io.fluxo.sink.RetryBudget;
import java.io.Serializable;

/**
 * How Fluxo reaches PostgreSQL ({@code fluxo.postgres.*}): a JDBC URL (jdbc:postgresql://...), and the size of
 * the connection pool of each JVM (driver, executor), and how often a write is tried when the server is
 * unreachable or answers with a transient error. The password is never printed.
 */
public record PostgresSettings(String url, String user, String password, int poolSize, RetryBudget retry)
        implements Serializable {

    public static final ConfigSection<PostgresSettings> SECTION = new ConfigSection<>() {
        @Override
        public String path() {
            return "fluxo.postgres";
        }

        @Override
        public PostgresSettings read(ConfigReader r) {
            String password = r.secret("fluxo.postgres.password", "fluxo.postgres.password-file");
            PostgresSettings s = new PostgresSettings(r.string("fluxo.postgres.url"), r.string("fluxo.postgres.user"),
                    password, r.intAtLeast("fluxo.postgres.pool-size", 1), RetryBudget.read(r, "fluxo.postgres"));
            r.check(s.url().startsWith("jdbc:postgresql://"),
                    "Invalid fluxo.postgres.url: " + s.url() + " (must start with jdbc:postgresql://)");
            return s;
        }
    };

    public PostgresSettings {
        requireNonNull(url, "url");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
    }

    public static PostgresSettings of(FluxoConfig config) {
        return config.section(SECTION);
    }

    @Override
    public String toString() {
        return "PostgresSettings[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****")
                + ", poolSize=" + poolSize + ", retry=" + retry + "]";
    }
}
