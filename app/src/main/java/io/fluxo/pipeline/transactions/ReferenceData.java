package io.fluxo.pipeline.transactions;

import static java.util.Objects.requireNonNull;

import io.fluxo.banking.Region;
import io.fluxo.pipeline.transactions.UserSeed.User;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Upserts the reference data of the transactions pipeline ({@code regioes}, {@code usuarios}) by key, in one
 * transaction. A row that already holds the same values is not rewritten, so writing the same data again
 * changes nothing at all; rows of other keys are left alone.
 */
public final class ReferenceData {
    /** Rows per statement: each statement sends its rows as one array per column. */
    static final int CHUNK = 10_000;

    private static final String UPSERT_REGIONS = """
            with upserted as (
                insert into regioes as t (id_regiao, nome, latitude, longitude, populacao)
                select * from unnest(?::text[], ?::text[], ?::float8[], ?::float8[], ?::int8[])
                on conflict (id_regiao) do update
                    set nome = excluded.nome, latitude = excluded.latitude, longitude = excluded.longitude,
                        populacao = excluded.populacao
                    where (t.nome, t.latitude, t.longitude, t.populacao)
                        is distinct from (excluded.nome, excluded.latitude, excluded.longitude, excluded.populacao)
                returning (xmax = 0) as inserted)
            select count(*) filter (where inserted), count(*) filter (where not inserted) from upserted""";

    private static final String UPSERT_USERS = """
            with upserted as (
                insert into usuarios as t (id_usuario, nome, id_regiao, saldo, limite_pix, limite_ted, limite_doc,
                        limite_boleto)
                select * from unnest(?::text[], ?::text[], ?::text[], ?::numeric[], ?::numeric[], ?::numeric[],
                        ?::numeric[], ?::numeric[])
                on conflict (id_usuario) do update
                    set nome = excluded.nome, id_regiao = excluded.id_regiao, saldo = excluded.saldo,
                        limite_pix = excluded.limite_pix, limite_ted = excluded.limite_ted,
                        limite_doc = excluded.limite_doc, limite_boleto = excluded.limite_boleto
                    where (t.nome, t.id_regiao, t.saldo, t.limite_pix, t.limite_ted, t.limite_doc, t.limite_boleto)
                        is distinct from (excluded.nome, excluded.id_regiao, excluded.saldo, excluded.limite_pix,
                            excluded.limite_ted, excluded.limite_doc, excluded.limite_boleto)
                returning (xmax = 0) as inserted)
            select count(*) filter (where inserted), count(*) filter (where not inserted) from upserted""";

    private ReferenceData() {
    }

    /** Rows written by one upsert: {@code inserted} new keys, {@code updated} changed rows, {@code unchanged} the rest. */
    public record Counts(int inserted, int updated, int unchanged) {
        Counts plus(Counts other) {
            return new Counts(inserted + other.inserted, updated + other.updated, unchanged + other.unchanged);
        }

        public int total() {
            return inserted + updated + unchanged;
        }
    }

    /** What {@link #upsert} wrote to each table. */
    public record Result(Counts regions, Counts users) {
    }

    /**
     * Regions first (users reference them), then users, all or nothing.
     *
     * @throws SQLException as the driver reports it; the transaction is rolled back
     */
    public static Result upsert(DataSource dataSource, List<Region> regions, List<User> users) throws SQLException {
        requireNonNull(dataSource, "dataSource");
        requireNonNull(regions, "regions");
        requireNonNull(users, "users");
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Counts regionCounts = new Counts(0, 0, 0);
                for (int from = 0; from < regions.size(); from += CHUNK) {
                    List<Region> chunk = regions.subList(from, Math.min(regions.size(), from + CHUNK));
                    regionCounts = regionCounts.plus(run(c, UPSERT_REGIONS, chunk.size(),
                            text(c, chunk, Region::idRegiao), text(c, chunk, Region::nome),
                            c.createArrayOf("float8", chunk.stream().map(Region::latitude).toArray(Double[]::new)),
                            c.createArrayOf("float8", chunk.stream().map(Region::longitude).toArray(Double[]::new)),
                            c.createArrayOf("int8", chunk.stream().map(Region::populacao).toArray(Long[]::new))));
                }
                Counts userCounts = new Counts(0, 0, 0);
                for (int from = 0; from < users.size(); from += CHUNK) {
                    List<User> chunk = users.subList(from, Math.min(users.size(), from + CHUNK));
                    userCounts = userCounts.plus(run(c, UPSERT_USERS, chunk.size(),
                            text(c, chunk, User::idUsuario), text(c, chunk, User::nome), text(c, chunk, User::idRegiao),
                            money(c, chunk, User::saldo), money(c, chunk, User::limitePix),
                            money(c, chunk, User::limiteTed), money(c, chunk, User::limiteDoc),
                            money(c, chunk, User::limiteBoleto)));
                }
                c.commit();
                return new Result(regionCounts, userCounts);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static Counts run(Connection c, String sql, int rows, Array... columns) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < columns.length; i++) {
                statement.setArray(i + 1, columns[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                int inserted = rs.getInt(1);
                int updated = rs.getInt(2);
                return new Counts(inserted, updated, rows - inserted - updated);
            }
        } finally {
            for (Array column : columns) {
                column.free();
            }
        }
    }

    private static <T> Array text(Connection c, List<T> rows, Function<T, String> column) throws SQLException {
        return c.createArrayOf("text", rows.stream().map(column).toArray(String[]::new));
    }

    private static <T> Array money(Connection c, List<T> rows, Function<T, BigDecimal> column) throws SQLException {
        return c.createArrayOf("numeric", rows.stream().map(column).toArray(BigDecimal[]::new));
    }
}
