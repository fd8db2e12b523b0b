package io.fluxo.pipeline.transactions;

import static java.util.Objects.requireNonNull;

import io.fluxo.pipeline.transactions.UserSeed.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The numbered versions of {@code usuarios} (table {@code usuarios_versoes}, kept by a trigger, migration V5) and the
 * version each micro-batch pinned ({@code fluxo_batch_reference}). Versions become visible in their order, so "the
 * users as of version V" never changes once V is visible.
 */
final class UsuariosVersions {
    /** Pins of older batches of a query are deleted once they are this many batches behind the one pinned. */
    static final long KEEP_PINS = 100;

    private static final String COLUMNS = "id_usuario, removido, nome, id_regiao, saldo, limite_pix, limite_ted,"
            + " limite_doc, limite_boleto";
    private static final String PIN = "insert into fluxo_batch_reference (query_id, batch_id, versao)"
            + " values (?, ?, (select coalesce(max(versao), 0) from usuarios_versoes))"
            + " on conflict (query_id, batch_id) do nothing returning versao";
    private static final String PINNED = "select versao from fluxo_batch_reference where query_id = ? and batch_id = ?";
    private static final String PRUNE = "delete from fluxo_batch_reference where query_id = ? and batch_id < ?";
    private static final String LATEST = "select coalesce(max(versao), 0) from usuarios_versoes";
    /** Each user's last version in (after, upTo]. */
    private static final String CHANGES = "select distinct on (id_usuario) " + COLUMNS + " from usuarios_versoes"
            + " where versao > ? and versao <= ? order by id_usuario, versao desc";

    private UsuariosVersions() {
    }

    /**
     * The version batch {@code batchId} of query {@code queryId} reads: pinned now to the newest visible version
     * if no task of the batch pinned one before, else the one pinned then (by this or an earlier attempt).
     */
    static long pin(Connection c, String queryId, long batchId) throws SQLException {
        requireNonNull(queryId, "queryId");
        try (PreparedStatement pin = c.prepareStatement(PIN)) {
            pin.setString(1, queryId);
            pin.setLong(2, batchId);
            try (ResultSet r = pin.executeQuery()) {
                if (r.next()) {
                    long version = r.getLong(1);
                    prune(c, queryId, batchId);
                    return version;
                }
            }
        }
        // Pinned before, or by a task that committed while this insert waited: a new statement sees its row.
        try (PreparedStatement pinned = c.prepareStatement(PINNED)) {
            pinned.setString(1, queryId);
            pinned.setLong(2, batchId);
            try (ResultSet r = pinned.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("No usuarios version pinned for batch " + batchId + " of query " + queryId
                            + " although the pin was refused as a duplicate");
                }
                return r.getLong(1);
            }
        }
    }

    private static void prune(Connection c, String queryId, long batchId) throws SQLException {
        if (batchId < KEEP_PINS) {
            return;
        }
        try (PreparedStatement prune = c.prepareStatement(PRUNE)) {
            prune.setString(1, queryId);
            prune.setLong(2, batchId - KEEP_PINS);
            prune.executeUpdate();
        }
    }

    /** The newest visible version (0 when usuarios never held a row). */
    static long latest(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(LATEST)) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * What changed after version {@code after} up to {@code upTo}: each changed user's state at {@code upTo},
     * empty where it was deleted. With {@code after} 0, every user as of {@code upTo}.
     */
    static Map<String, Optional<User>> changes(Connection c, long after, long upTo) throws SQLException {
        Map<String, Optional<User>> changes = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(CHANGES)) {
            s.setFetchSize(10_000);
            s.setLong(1, after);
            s.setLong(2, upTo);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String id = r.getString(1);
                    changes.put(id, r.getBoolean(2) ? Optional.empty() : Optional.of(new User(id, r.getString(3),
                            r.getString(4).strip(), r.getBigDecimal(5), r.getBigDecimal(6), r.getBigDecimal(7),
                            r.getBigDecimal(8), r.getBigDecimal(9))));
                }
            }
        }
        return changes;
    }
}
