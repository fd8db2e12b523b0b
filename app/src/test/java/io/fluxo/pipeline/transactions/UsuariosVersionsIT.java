package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Regions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.fluxo.pipeline.transactions.UserSeed.User;
import io.fluxo.sink.RetryBudget;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.Schema;
import io.fluxo.testing.TestStack;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** usuarios' versions (migration V5) and the per-batch pins, on the real PostgreSQL of the test stack. */
class UsuariosVersionsIT {
    private static final String DATABASE = "fluxo_it_usuarios_versions";
    private HikariDataSource dataSource;

    @BeforeEach
    void freshDatabase() throws SQLException {
        TestStack.start();
        admin("drop database if exists " + DATABASE);
        admin("create database " + DATABASE);
        PostgresSettings settings = PostgresSettings.of(TestStack.config());
        dataSource = PostgresDataSources.create(new PostgresSettings(settings.url().replaceFirst("/fluxo$", "/" + DATABASE),
                settings.user(), settings.password(), 2, new RetryBudget(1, Duration.ZERO)));
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        dataSource.close();
        admin("drop database if exists " + DATABASE);
    }

    @Test
    void everyChangeOfAUserIsAVersionAndAnUnchangedUpsertIsNone() throws SQLException {
        Schema.migrate(dataSource);
        List<User> users = UserSeed.generate(3, 42);
        ReferenceData.upsert(dataSource, Regions.all(), users);
        ReferenceData.upsert(dataSource, Regions.all(), users);
        try (Connection c = dataSource.getConnection()) {
            assertThat(UsuariosVersions.latest(c)).as("three inserts; the same data again writes no version").isEqualTo(3);
            execute(c, "update usuarios set saldo = 1.25 where id_usuario = 'u000002'");
            execute(c, "delete from usuarios where id_usuario = 'u000003'");
            assertThat(UsuariosVersions.latest(c)).isEqualTo(5);

            assertThat(UsuariosVersions.changes(c, 0, 3)).isEqualTo(Map.of("u000001", Optional.of(users.get(0)),
                    "u000002", Optional.of(users.get(1)), "u000003", Optional.of(users.get(2))));
            User u2 = users.get(1);
            assertThat(UsuariosVersions.changes(c, 3, 5)).isEqualTo(Map.of("u000002", Optional.of(new User(u2.idUsuario(),
                    u2.nome(), u2.idRegiao(), new BigDecimal("1.25"), u2.limitePix(), u2.limiteTed(), u2.limiteDoc(),
                    u2.limiteBoleto())), "u000003", Optional.empty()));
            assertThat(UsuariosVersions.changes(c, 0, 5)).containsOnlyKeys("u000001", "u000002", "u000003")
                    .containsEntry("u000003", Optional.empty());

            assertThatThrownBy(() -> execute(c, "truncate usuarios")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("usuarios cannot be truncated: its versions (usuarios_versoes) would not see it;"
                            + " delete the rows instead");
        }
    }

    @Test
    void aBatchKeepsTheVersionItPinnedFirstAndOldPinsArePruned() throws SQLException {
        Schema.migrate(dataSource);
        ReferenceData.upsert(dataSource, Regions.all(), UserSeed.generate(2, 42));
        try (Connection c = dataSource.getConnection()) {
            assertThat(UsuariosVersions.pin(c, "query-a", 0)).isEqualTo(2);
            execute(c, "update usuarios set saldo = 0 where id_usuario = 'u000001'");
            assertThat(UsuariosVersions.pin(c, "query-a", 0)).as("batch 0 again, as a replay asks").isEqualTo(2);
            assertThat(UsuariosVersions.pin(c, "query-a", 1)).isEqualTo(3);
            assertThat(UsuariosVersions.pin(c, "query-b", 0)).as("another query's batch 0").isEqualTo(3);

            assertThat(UsuariosVersions.pin(c, "query-a", 150)).isEqualTo(3);
            assertThat(count(c, "select count(*) from fluxo_batch_reference where query_id = 'query-a'"))
                    .as("pins more than " + UsuariosVersions.KEEP_PINS + " batches behind are gone").isEqualTo(1);
            assertThat(count(c, "select count(*) from fluxo_batch_reference where query_id = 'query-b'")).isEqualTo(1);
        }
    }

    @Test
    void usersThereBeforeTheMigrationAreItsFirstVersions() throws SQLException {
        Flyway.configure(getClass().getClassLoader()).dataSource(dataSource).locations(Schema.LOCATION).target("4").load()
                .migrate();
        List<User> users = UserSeed.generate(4, 7);
        ReferenceData.upsert(dataSource, Regions.all(), users);

        Schema.migrate(dataSource);

        try (Connection c = dataSource.getConnection()) {
            assertThat(UsuariosVersions.latest(c)).isEqualTo(4);
            assertThat(UsuariosVersions.changes(c, 0, 4)).isEqualTo(Map.of("u000001", Optional.of(users.get(0)),
                    "u000002", Optional.of(users.get(1)), "u000003", Optional.of(users.get(2)),
                    "u000004", Optional.of(users.get(3))));
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); var r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = PostgresDataSources.shared(PostgresSettings.of(TestStack.config())).getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
