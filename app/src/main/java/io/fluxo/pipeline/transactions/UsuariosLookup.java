package io.fluxo.pipeline.transactions;

import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.postgres.PostgresDataSources;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reference data of {@code usuarios}, read once per JVM and again when an unknown id turns up (at most
 * every few seconds), so users added while the pipeline runs are found. Only a user's first transaction
 * needs it: after that the profile lives in state.
 */
public final class UsuariosLookup implements TransactionProcessor.UserLookup {
    private static final long RELOAD_AFTER_MISS_MS = 5_000;
    private static final Map<PostgresSettings, Cache> CACHES = new ConcurrentHashMap<>();

    private final PostgresSettings settings;

    public UsuariosLookup(PostgresSettings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<UserSeed.User> apply(String idUsuario) {
        return CACHES.computeIfAbsent(settings, Cache::new).find(idUsuario);
    }

    private static final class Cache {
        private final PostgresSettings settings;
        private volatile Map<String, UserSeed.User> users;
        private volatile long loadedAt;

        Cache(PostgresSettings settings) {
            this.settings = settings;
        }

        Optional<UserSeed.User> find(String id) {
            if (users == null) {
                load();
            }
            UserSeed.User user = users.get(id);
            if (user == null && System.currentTimeMillis() - loadedAt > RELOAD_AFTER_MISS_MS) {
                load();
                user = users.get(id);
            }
            return Optional.ofNullable(user);
        }

        private synchronized void load() {
            Map<String, UserSeed.User> loaded = new ConcurrentHashMap<>();
            try (Connection c = PostgresDataSources.shared(settings).getConnection();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select id_usuario, nome, id_regiao, saldo, limite_pix, limite_ted,"
                            + " limite_doc, limite_boleto from usuarios")) {
                while (r.next()) {
                    loaded.put(r.getString(1), new UserSeed.User(r.getString(1), r.getString(2), r.getString(3).strip(),
                            r.getBigDecimal(4), r.getBigDecimal(5), r.getBigDecimal(6), r.getBigDecimal(7), r.getBigDecimal(8)));
                }
            } catch (SQLException e) {
                throw new SinkException("Cannot read usuarios from PostgreSQL at " + settings.url() + ": " + e.getMessage(), e);
            }
            users = loaded;
            loadedAt = System.currentTimeMillis();
        }
    }
}
