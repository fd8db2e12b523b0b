package io.fluxo.config;

import io.fluxo.sink.RetryBudget;
import io.fluxo.sink.kafka.KafkaSinkSettings;
import io.fluxo.amount.AmountSettings;
import io.fluxo.amount.SubCentPolicy;
import io.fluxo.pipeline.PipelineRegistry;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.opensearch.OpenSearchSettings;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import io.fluxo.pipeline.receivables.ReceivablesSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FluxoConfigTest {

    private static final RetryBudget DEFAULT_RETRY = new RetryBudget(40, Duration.ofMinutes(2));

    @Test
    void defaultsPointAtTheLocalStack() {
        FluxoConfig c = PipelineRegistry.defaultConfig();
        assertThat(c.home()).isEqualTo(Path.of(".fluxo"));
        assertThat(c.checkpointDir()).isEqualTo(Path.of(".fluxo/checkpoints"));
        assertThat(c.spark()).isEqualTo(new FluxoConfig.SparkSettings("local[*]", 4, false, "WARN", Map.of()));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.kafka().properties()).isEmpty();
        assertThat(DynamoDbSettings.of(c)).isEqualTo(new DynamoDbSettings("http://localhost:8000", "us-east-1", "fluxo", "fluxo", DEFAULT_RETRY, 8));
        assertThat(OpenSearchSettings.of(c)).isEqualTo(new OpenSearchSettings("http://localhost:9200", "", "", 1000, DEFAULT_RETRY));
        assertThat(PostgresSettings.of(c)).isEqualTo(new PostgresSettings("jdbc:postgresql://localhost:5432/fluxo",
                "fluxo", "", 4, DEFAULT_RETRY));
        assertThat(KafkaSinkSettings.of(c)).isEqualTo(new KafkaSinkSettings(DEFAULT_RETRY));
        assertThat(ReceivablesSettings.of(c)).isEqualTo(new ReceivablesSettings("recebiveis-agendados",
                "recebiveis-cancelados", "recebiveis-negociados", "receivables.dlq", Duration.ofSeconds(15), 65536, 409_600, 100_000L,
                "earliest", "Recebiveis", "ciclo_vida_recebiveis", List.of("dynamodb", "opensearch"), 4));
        assertThat(c.stack()).isEqualTo(new FluxoConfig.StackSettings(Path.of(".fluxo"), 9092, 9093, "768m", 8000, false,
                "1g", 9200, 9300, "1g", 5432, 9000, "256m", "fluxo", "fluxo-local-secret"));
        assertThat(AmountSettings.of(c)).isEqualTo(new AmountSettings(SubCentPolicy.REJECT));
    }

    @Test
    void subCentAmountsAreRejectedOrRoundedAndNothingElse() {
        assertThat(AmountSettings.of(PipelineRegistry.loadConfig(null, Map.of("FLUXO_AMOUNTS_SUB__CENT", "round-half-even"))))
                .isEqualTo(new AmountSettings(SubCentPolicy.ROUND_HALF_EVEN));
        assertThat(AmountSettings.of(PipelineRegistry.loadConfig(null, Map.of(), Map.of("fluxo.amounts.sub-cent", "reject"))))
                .isEqualTo(new AmountSettings(SubCentPolicy.REJECT));
        assertThatThrownBy(() -> PipelineRegistry.loadConfig(null, Map.of("FLUXO_AMOUNTS_SUB__CENT", "round-half-up")))
                .isInstanceOf(UserException.class)
                .hasMessage("Invalid configuration (1 problem): "
                        + "Invalid fluxo.amounts.sub-cent: round-half-up (use reject or round-half-even). "
                        + "Fix the keys named in --config FILE or in FLUXO_* variables");
    }

    @Test
    void environmentVariablesOverrideAndStackPortsCarryIntoEndpoints() {
        FluxoConfig c = PipelineRegistry.loadConfig(null, Map.of(
                "FLUXO_HOME", "/data/fluxo",
                "FLUXO_STACK_KAFKA_PORT", "19092",
                "FLUXO_STACK_OPENSEARCH_PORT", "19200",
                "FLUXO_STACK_POSTGRES_PORT", "15432",
                "FLUXO_POSTGRES_POOL__SIZE", "16",
                "FLUXO_DYNAMODB_ENDPOINT", "",
                "FLUXO_RECEIVABLES_WINDOW", "1s",
                "FLUXO_RECEIVABLES_MAX__OFFSETS__PER__TRIGGER", "500",
                "PATH", "/usr/bin"));
        assertThat(c.home()).isEqualTo(Path.of("/data/fluxo"));
        assertThat(c.checkpointDir()).isEqualTo(Path.of("/data/fluxo/checkpoints"));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("localhost:19092");
        assertThat(OpenSearchSettings.of(c).url()).isEqualTo("http://localhost:19200");
        assertThat(PostgresSettings.of(c).url()).isEqualTo("jdbc:postgresql://localhost:15432/fluxo");
        assertThat(PostgresSettings.of(c).poolSize()).isEqualTo(16);
        assertThat(c.stack().postgresPort()).isEqualTo(15432);
        assertThat(DynamoDbSettings.of(c).endpoint()).isEmpty();
        assertThat(ReceivablesSettings.of(c).window()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ReceivablesSettings.of(c).maxOffsetsPerTrigger()).isEqualTo(500L);
    }

    @Test
    void aFileOverridesDefaultsAndCommandLineOverridesWinOverAll(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prod.conf");
        Files.writeString(file, """
                fluxo.kafka { bootstrap-servers = "b1:9096", properties { "security.protocol" = SASL_SSL, "sasl.jaas.config" = "secret-jaas" } }
                fluxo.receivables.sinks = "opensearch"
                """);
        FluxoConfig c = PipelineRegistry.loadConfig(file, Map.of(), Map.of("fluxo.receivables.sinks", "none"));
        assertThat(c.kafka().clientProperties()).containsEntry("bootstrap.servers", "b1:9096")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.jaas.config", "secret-jaas");
        assertThat(c.kafka().toString()).contains("security.protocol=SASL_SSL").contains("sasl.jaas.config=****")
                .doesNotContain("secret-jaas");
        assertThat(ReceivablesSettings.of(c).sinks()).isEmpty();
    }

    @Test
    void secretsAreReadFromAFileAndNeverPrinted(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("pw");
        Files.writeString(secret, "s3cr3t\n");
        Path pgSecret = dir.resolve("pg");
        Files.writeString(pgSecret, "pg-s3cr3t\n");
        FluxoConfig c = PipelineRegistry.loadConfig(null, Map.of("FLUXO_OPENSEARCH_USERNAME", "fluxo",
                "FLUXO_OPENSEARCH_PASSWORD__FILE", secret.toString(), "FLUXO_DYNAMODB_SECRET__ACCESS__KEY", "aws-secret",
                "FLUXO_POSTGRES_PASSWORD__FILE", pgSecret.toString()));
        assertThat(OpenSearchSettings.of(c).password()).isEqualTo("s3cr3t");
        assertThat(PostgresSettings.of(c).password()).isEqualTo("pg-s3cr3t");
        assertThat(c.toString()).doesNotContain("s3cr3t").doesNotContain("aws-secret").contains("password=****");
        assertThat(PostgresSettings.of(c).toString()).doesNotContain("pg-s3cr3t").contains("password=****");
        assertThat(PostgresSettings.of(PipelineRegistry.loadConfig(null, Map.of("FLUXO_POSTGRES_PASSWORD", "from-env"))).toString())
                .doesNotContain("from-env").contains("password=****");
    }

    @Test
    void listsEveryProblemAtOnceNamingTheKeys() {
        assertThatThrownBy(() -> PipelineRegistry.loadConfig(null, Map.of(
                "FLUXO_RECEIVABLES_WINDOW", "500ms",
                "FLUXO_STACK_KAFKA_PORT", "70000",
                "FLUXO_RECEIVABLES_SINKS", "dynamodb,postgres",
                "FLUXO_RECEIVABLES_INDEX", "Ciclo",
                "FLUXO_OPENSEARCH_URL", "localhost:9200",
                "FLUXO_POSTGRES_URL", "postgres://db:5432/fluxo",
                "FLUXO_POSTGRES_POOL__SIZE", "0")))
                .isInstanceOf(UserException.class)
                .hasMessage("Invalid configuration (7 problems): "
                        + "Invalid fluxo.opensearch.url: localhost:9200 (must start with http:// or https://); "
                        + "Invalid fluxo.postgres.pool-size: 0 (must be at least 1); "
                        + "Invalid fluxo.postgres.url: postgres://db:5432/fluxo (must start with jdbc:postgresql://); "
                        + "Invalid fluxo.receivables.sinks: dynamodb,postgres (use dynamodb, opensearch, both separated by a comma, or none); "
                        + "Invalid fluxo.receivables.window: 500 ms (must be at least 1000 ms); "
                        + "Invalid fluxo.receivables.index: Ciclo (OpenSearch index names are lower case); "
                        + "Invalid fluxo.stack.kafka.port: 70000 (must be a port between 1 and 65535). "
                        + "Fix the keys named in --config FILE or in FLUXO_* variables");
    }

    @Test
    void aMissingOrMalformedFileIsOneClearError(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> PipelineRegistry.loadConfig(dir.resolve("nope.conf"), Map.of()))
                .isInstanceOf(UserException.class).hasMessage("Cannot read config " + dir.resolve("nope.conf") + ": no such file");
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "fluxo { kafka = ");
        assertThatThrownBy(() -> PipelineRegistry.loadConfig(bad, Map.of()))
                .isInstanceOf(UserException.class).hasMessageStartingWith("Cannot parse config " + bad + ": ");
        assertThatThrownBy(() -> PipelineRegistry.loadConfig(null, Map.of("FLUXO_RECEIVABLES_PARTITIONS", "many")))
                .isInstanceOf(UserException.class).hasMessageContaining("Invalid fluxo.receivables.partitions: ");
    }
}
