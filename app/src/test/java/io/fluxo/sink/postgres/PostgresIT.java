package io.fluxo.sink.postgres;

import io.fluxo.banking.Regions;
import io.fluxo.sink.RetryBudget;
import java.time.Duration;
import io.fluxo.pipeline.transactions.ReferenceData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.fluxo.config.UserException;
import io.fluxo.pipeline.transactions.UserSeed;
import io.fluxo.banking.Region;
import io.fluxo.pipeline.transactions.UserSeed.User;
import io.fluxo.testing.TestStack;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schema and `fluxo seed users` against the real PostgreSQL of the test stack. */
class PostgresIT {

    private static final RetryBudget ONE_TRY = new RetryBudget(1, Duration.ZERO);
    private static final String USERS_CHECKSUM = "select count(*) || ':' || md5(string_agg(u::text, E'\\n'"
            + " order by id_usuario)) from usuarios u where id_usuario between 'u000001' and 'u000500'";
    /** xmin changes whenever a row is rewritten, even with the same values. */
    private static final String USERS_VERSIONS = "select md5(string_agg(xmin::text, ',' order by id_usuario))"
            + " from usuarios where id_usuario between 'u000001' and 'u000500'";
    private static final String REGIONS_CHECKSUM = "select count(*) || ':' || md5(string_agg(r::text || ':' || xmin,"
            + " E'\\n' order by id_regiao)) from regioes r";

    private static DataSource dataSource;

    @BeforeAll
    static void startStack() {
        TestStack.start();
        dataSource = PostgresDataSources.shared(PostgresSettings.of(TestStack.config()));
    }

    @Test
    void migrationsCreateTheTablesOnAnEmptyDatabaseAndAreIdempotent() throws SQLException {
        String database = "fluxo_it_schema";
        admin("drop database if exists " + database);
        admin("create database " + database);
        PostgresSettings settings = PostgresSettings.of(TestStack.config());
        PostgresSettings fresh = new PostgresSettings(settings.url().replaceFirst("/fluxo$", "/" + database),
                settings.user(), settings.password(), 2, ONE_TRY);
        try (HikariDataSource empty = PostgresDataSources.create(fresh)) {
            assertThat(Schema.migrate(empty)).isEqualTo(new Schema.Result(7, "7"));
            assertThat(Schema.migrate(empty)).isEqualTo(new Schema.Result(0, "7"));

            assertThat(strings(empty, "select table_name from information_schema.tables where table_schema = 'public'"
                    + " order by table_name")).containsExactly("alertas_fraude", "commerce_alerts", "commerce_funnel",
                    "commerce_product_windows", "commerce_sessions", "commerce_watermarks", "customers",
                    "fluxo_batch_reference", "fluxo_batch_refusals", "fluxo_batches", "flyway_schema_history",
                    "gold_transacoes_minuto", "late_events", "products", "regioes", "transacoes", "usuarios",
                    "usuarios_versoes");
            assertThat(strings(empty, "select column_name || ' ' || " + TYPE + " from information_schema.columns"
                    + " where table_name = 'gold_transacoes_minuto' order by ordinal_position")).containsExactly(
                    "minuto timestamp with time zone NO", "id_regiao character(2) NO", "modalidade_pagamento text NO",
                    "quantidade bigint NO", "valor_total numeric(18,2) NO", "valor_medio numeric(18,2) NO",
                    "valor_maximo numeric(18,2) NO", "valor_minimo numeric(18,2) NO");
            assertThat(strings(empty, "select column_name || ' ' || " + TYPE + " from information_schema.columns"
                    + " where table_name = 'usuarios' order by ordinal_position")).containsExactly(
                    "id_usuario text NO", "nome text NO", "id_regiao character(2) NO", "saldo numeric(18,2) NO",
                    "limite_pix numeric(18,2) NO", "limite_ted numeric(18,2) NO", "limite_doc numeric(18,2) NO",
                    "limite_boleto numeric(18,2) NO");
            assertThat(strings(empty, "select column_name || ' ' || " + TYPE + " from information_schema.columns"
                    + " where table_name = 'transacoes' order by ordinal_position")).containsExactly(
                    "id_transacao text NO", "id_usuario_pagador text NO", "id_usuario_recebedor text NO",
                    "id_regiao character(2) NO", "modalidade_pagamento text NO",
                    "data_horario timestamp with time zone NO", "valor_transacao numeric(18,2) NO", "aprovada boolean NO",
                    "motivo text YES", "score_risco numeric(5,4) NO", "score_valor numeric(5,4) NO",
                    "score_horario numeric(5,4) NO", "score_distancia numeric(5,4) NO",
                    "score_velocidade numeric(5,4) NO", "processado_em timestamp with time zone NO",
                    "kafka_topic text NO", "kafka_partition integer NO", "kafka_offset bigint NO", "valor_enviado text YES");
            assertThat(strings(empty, "select column_name || ' ' || " + TYPE + " from information_schema.columns"
                    + " where table_name = 'fluxo_batches' order by ordinal_position")).containsExactly(
                    "query_id text NO", "batch_id bigint NO", "committed_at timestamp with time zone NO");
            assertThat(strings(empty, "select indexname from pg_indexes where tablename in ('transacoes',"
                    + " 'alertas_fraude', 'fluxo_batches') order by indexname")).containsExactly(
                    "alertas_fraude_criado_idx", "alertas_fraude_pagador_criado_idx", "alertas_fraude_pkey",
                    "fluxo_batches_pkey", "transacoes_data_idx", "transacoes_pagador_data_idx", "transacoes_pkey");
        } finally {
            admin("drop database if exists " + database);
        }
    }

    @Test
    void theStackDatabaseIsAtTheLatestVersion() {
        assertThat(Schema.migrate(dataSource).version()).isEqualTo("7");
        assertThat(Schema.migrate(dataSource)).isEqualTo(new Schema.Result(0, "7"));
    }

    @Test
    void seedingTwiceWithTheSameArgumentsLeavesTheTablesIdentical() throws Exception {
        Schema.migrate(dataSource);
        ReferenceData.upsert(dataSource, Regions.all(), List.of());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // A user beyond --count, as an earlier, bigger seed leaves it: seeding must not touch it.
            s.execute("insert into usuarios values ('u999999', 'Beyond', 'SP', 1.00, 0, 0, 0, 0)"
                    + " on conflict (id_usuario) do update set saldo = 1.00");
        }
        try {
            Run first = seed("--count", "500", "--seed", "42");
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.lastLine()).matches("Seeded " + java.util.regex.Pattern.quote(PostgresSettings.of(TestStack.config()).url())
                    + " in \\d+\\.\\d s: schema"
                    + " version 7 \\(\\d migrations? applied\\), 27 regions \\(\\d+ new, \\d+ updated, \\d+ unchanged\\),"
                    + " 500 users u000001\\.\\.u000500 from seed 42 \\(\\d+ new, \\d+ updated, \\d+ unchanged\\)");
            String users = single(USERS_CHECKSUM);
            String versions = single(USERS_VERSIONS);
            String regions = single(REGIONS_CHECKSUM);

            Run second = seed("--count", "500", "--seed", "42");

            assertThat(second.exitCode()).as(second.output()).isZero();
            assertThat(second.lastLine()).endsWith("schema version 7 (0 migrations applied), 27 regions (0 new, 0 updated,"
                    + " 27 unchanged), 500 users u000001..u000500 from seed 42 (0 new, 0 updated, 500 unchanged)");
            assertThat(single(USERS_CHECKSUM)).isEqualTo(users).startsWith("500:");
            assertThat(single(USERS_VERSIONS)).as("no row rewritten").isEqualTo(versions);
            assertThat(single(REGIONS_CHECKSUM)).isEqualTo(regions).startsWith("27:");
            assertThat(single("select nome || ' ' || saldo from usuarios where id_usuario = 'u999999'"))
                    .isEqualTo("Beyond 1.00");
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("delete from usuarios where id_usuario = 'u999999'");
            }
        }
    }

    @Test
    void theSeededRowsAreExactlyTheGeneratorsUsersAndTheTwentySevenRegions() throws SQLException {
        Schema.migrate(dataSource);
        List<User> users = UserSeed.generate(300, 42);
        ReferenceData.upsert(dataSource, Regions.all(), users);

        List<Region> regions = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select * from regioes order by id_regiao")) {
            while (rs.next()) {
                regions.add(new Region(rs.getString("id_regiao"), rs.getString("nome"), rs.getDouble("latitude"),
                        rs.getDouble("longitude"), rs.getLong("populacao")));
            }
        }
        assertThat(regions).hasSize(27).containsExactlyElementsOf(Regions.all());
        assertThat(single("select sum(populacao)::text from regioes")).isEqualTo("203080756");

        List<User> stored = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select * from usuarios where id_usuario between 'u000001' and 'u000300'"
                        + " order by id_usuario")) {
            while (rs.next()) {
                stored.add(new User(rs.getString("id_usuario"), rs.getString("nome"), rs.getString("id_regiao"),
                        rs.getBigDecimal("saldo"), rs.getBigDecimal("limite_pix"), rs.getBigDecimal("limite_ted"),
                        rs.getBigDecimal("limite_doc"), rs.getBigDecimal("limite_boleto")));
            }
        }
        // BigDecimal equality includes the scale: 100.50 comes back as 100.50, not 100.5 or 100.49999.
        assertThat(stored).containsExactlyElementsOf(users);
        BigDecimal expectedTotal = users.stream().map(User::saldo).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(single("select sum(saldo)::text from usuarios where id_usuario between 'u000001' and 'u000300'"))
                .isEqualTo(expectedTotal.toPlainString());
        assertThat(single("select (0.10::numeric(18,2) + 0.20::numeric(18,2))::text")).isEqualTo("0.30");
    }

    @Test
    void aCountOutOfRangeOrAnUnreachableServerIsOneLine() throws Exception {
        Run zero = seed("--count", "0");
        assertThat(zero.exitCode()).isEqualTo(1);
        assertThat(zero.output().strip()).isEqualTo("fluxo: Cannot seed users: --count 0 is out of range (use 1 to 999999)");

        Run unreachable = seed(Map.of("FLUXO_POSTGRES_URL", "jdbc:postgresql://localhost:1/fluxo"), "--count", "5");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.lastLine()).startsWith("fluxo: Cannot connect to PostgreSQL at jdbc:postgresql://localhost:1/fluxo"
                + " as fluxo: ").endsWith("(start the local one with ./fluxo stack up --services postgres, or set"
                + " fluxo.postgres.url, e.g. FLUXO_POSTGRES_URL=jdbc:postgresql://host:5432/fluxo)");
        assertThatThrownBy(() -> PostgresDataSources.shared(new PostgresSettings("jdbc:postgresql://localhost:1/fluxo",
                "fluxo", "", 1, ONE_TRY))).isInstanceOf(UserException.class).hasMessageStartingWith("Cannot connect to PostgreSQL at"
                + " jdbc:postgresql://localhost:1/fluxo as fluxo: Connection to localhost:1 refused (start the local one");
        assertThatThrownBy(() -> PostgresDataSources.shared(new PostgresSettings(PostgresSettings.of(TestStack.config()).url(),
                "nobody_here", "", 1, ONE_TRY))).isInstanceOf(UserException.class).hasMessageContaining(
                "as nobody_here: FATAL: role \"nobody_here\" does not exist (start the local one");
    }

    /** data_type, with precision and scale for numerics and the length of char(n), then is_nullable. */
    private static final String TYPE = "case when data_type = 'numeric' then 'numeric(' || numeric_precision || ','"
            + " || numeric_scale || ')' when data_type = 'character' then 'character(' || character_maximum_length"
            + " || ')' else data_type end || ' ' || is_nullable";

    private record Run(int exitCode, String output) {
        String lastLine() {
            List<String> lines = output.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private static Run seed(String... args) throws IOException, InterruptedException {
        return seed(Map.of(), args);
    }

    /** `fluxo seed users ARGS` in a JVM of its own, as a user runs it, with the test stack's FLUXO_* variables. */
    private static Run seed(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dfluxo.home=" + System.getProperty("fluxo.home", ""), "-cp",
                System.getProperty("java.class.path"), "io.fluxo.cli.FluxoCli", "seed", "users"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(TestStack.env());
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("fluxo seed users did not finish within 120 s: " + output);
        }
        return new Run(process.exitValue(), output);
    }

    private static String single(String sql) throws SQLException {
        List<String> values = strings(dataSource, sql);
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    private static List<String> strings(DataSource source, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = source.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** Statements that cannot run in a transaction (create/drop database), on the stack's database. */
    private static void admin(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
