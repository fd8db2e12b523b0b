package io.fluxo.sink.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.pipeline.PipelineRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeSettingsTest {
    static final ConfigSection<LakeSettings> MEDALLION = LakeSettings.section("fluxo.medallion");

    @TempDir
    Path temp;

    static FluxoConfig load(Map<String, String> env) {
        // the lake part of the medallion's section alone, in its place
        List<ConfigSection<?>> sections = new ArrayList<>(PipelineRegistry.configSections());
        sections.removeIf(s -> s.path().equals(MEDALLION.path()));
        sections.add(MEDALLION);
        return FluxoConfig.load(null, env, Map.of(), sections);
    }

    @Test
    void defaultsPointAtTheLocalStacksS3AndALocalLake() {
        FluxoConfig c = load(Map.of());

        assertThat(S3Settings.of(c)).isEqualTo(new S3Settings("http://localhost:9000", "us-east-1", true, "fluxo",
                "fluxo-local-secret"));
        assertThat(c.section(MEDALLION)).isEqualTo(new LakeSettings(".fluxo/lake", ".fluxo/checkpoints/medallion"));
        assertThat(c.stack().s3Port()).isEqualTo(9000);
        assertThat(c.stack().s3Heap()).isEqualTo("256m");
    }

    @Test
    void theClientFollowsTheStacksPortAndKeysUnlessSet() {
        FluxoConfig c = load(Map.of("FLUXO_STACK_S3_PORT", "19000", "FLUXO_STACK_S3_ACCESS__KEY", "dev",
                "FLUXO_STACK_S3_SECRET__KEY", "dev-secret", "FLUXO_HOME", "/var/fluxo"));

        assertThat(S3Settings.of(c)).isEqualTo(new S3Settings("http://localhost:19000", "us-east-1", true, "dev",
                "dev-secret"));
        assertThat(c.section(MEDALLION)).isEqualTo(new LakeSettings("/var/fluxo/lake", "/var/fluxo/checkpoints/medallion"));
    }

    @Test
    void sparkGetsDeltaAndS3aForTheLocalStack() {
        assertThat(DeltaLake.sparkConf(S3Settings.of(load(Map.of())))).containsExactly(
                Map.entry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension"),
                Map.entry("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"),
                Map.entry("spark.hadoop.fs.s3a.endpoint.region", "us-east-1"),
                Map.entry("spark.hadoop.fs.s3a.path.style.access", "true"),
                Map.entry("spark.hadoop.fs.s3a.endpoint", "http://localhost:9000"),
                Map.entry("spark.hadoop.fs.s3a.connection.ssl.enabled", "false"),
                Map.entry("spark.hadoop.fs.s3a.aws.credentials.provider",
                        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"),
                Map.entry("spark.hadoop.fs.s3a.access.key", "fluxo"),
                Map.entry("spark.hadoop.fs.s3a.secret.key", "fluxo-local-secret"));
    }

    @Test
    void awsS3TakesTheRegionAndTheEnvironmentsCredentials() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLUXO_S3_ENDPOINT", "");
        env.put("FLUXO_S3_REGION", "sa-east-1");
        env.put("FLUXO_S3_PATH__STYLE", "false");
        env.put("FLUXO_S3_ACCESS__KEY", "");
        env.put("FLUXO_S3_SECRET__KEY", "");
        env.put("FLUXO_MEDALLION_LAKE", "s3a://acme-lake/fluxo/");
        FluxoConfig c = load(env);
        S3Settings s3 = S3Settings.of(c);
        LakeSettings lake = c.section(MEDALLION);

        assertThat(s3).isEqualTo(new S3Settings("", "sa-east-1", false, "", ""));
        assertThat(s3.describeEndpoint()).isEqualTo("AWS S3 (sa-east-1)");
        assertThat(DeltaLake.sparkConf(s3)).containsExactly(
                Map.entry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension"),
                Map.entry("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"),
                Map.entry("spark.hadoop.fs.s3a.endpoint.region", "sa-east-1"),
                Map.entry("spark.hadoop.fs.s3a.path.style.access", "false"));
        assertThat(lake.onS3()).isTrue();
        assertThat(lake.bucket()).isEqualTo("acme-lake");
        assertThat(lake.table("bronze/bank_transactions")).isEqualTo("s3a://acme-lake/fluxo/bronze/bank_transactions");
        assertThat(lake.checkpoint("bronze")).isEqualTo(Path.of(".fluxo/checkpoints/medallion/bronze").toAbsolutePath()
                .toString());
    }

    @Test
    void aLocalLakeIsAnAbsolutePath() {
        LakeSettings lake = new LakeSettings("lake", "hdfs://namenode:8020/fluxo/checkpoints/");

        assertThat(lake.onS3()).isFalse();
        assertThat(lake.table("gold/transacoes_minuto")).isEqualTo(Path.of("lake/gold/transacoes_minuto")
                .toAbsolutePath().toString());
        assertThat(lake.checkpoint("gold")).isEqualTo("hdfs://namenode:8020/fluxo/checkpoints/gold");
        assertThatThrownBy(lake::bucket).isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot name the bucket of lake: not an s3a:// lake");
    }

    @Test
    void theSecretKeyComesFromAFileWhenOneIsNamed() throws IOException {
        Path file = Files.writeString(temp.resolve("s3-secret"), "from-the-file\n");

        FluxoConfig c = load(Map.of("FLUXO_S3_SECRET__KEY__FILE", file.toString(),
                "FLUXO_STACK_S3_SECRET__KEY__FILE", file.toString()));

        assertThat(S3Settings.of(c).secretKey()).isEqualTo("from-the-file");
        assertThat(c.stack().s3SecretKey()).isEqualTo("from-the-file");
    }

    @Test
    void secretKeysAreNeverPrinted() {
        FluxoConfig c = load(Map.of("FLUXO_STACK_S3_SECRET__KEY", "stack-s3cr3t", "FLUXO_S3_SECRET__KEY", "client-s3cr3t"));

        assertThat(S3Settings.of(c).toString()).isEqualTo("S3Settings[endpoint=http://localhost:9000, region=us-east-1,"
                + " pathStyle=true, accessKey=fluxo, secretKey=****]");
        assertThat(c.stack().toString()).endsWith(", s3Port=9000, s3Heap=256m, s3AccessKey=fluxo, s3SecretKey=****]")
                .doesNotContain("s3cr3t");
        assertThat(c.toString()).doesNotContain("s3cr3t");
        assertThat(new S3Settings("", "us-east-1", false, "", "").toString()).endsWith("accessKey=, secretKey=]");
    }

    @Test
    void everyMistakeIsListedInOneLine() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLUXO_S3_ENDPOINT", "localhost:9000");
        env.put("FLUXO_S3_REGION", " ");
        env.put("FLUXO_S3_SECRET__KEY", "");
        env.put("FLUXO_MEDALLION_LAKE", "s3://acme-lake/fluxo");
        env.put("FLUXO_MEDALLION_CHECKPOINT__DIR", "s3a://Acme_Lake/checkpoints");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(UserException.class)
                .hasMessage("Invalid configuration (5 problems): "
                        + "Invalid fluxo.s3.endpoint: localhost:9000 (must start with http:// or https://, or be empty"
                        + " for AWS S3); "
                        + "Invalid fluxo.s3.region: empty (an AWS region such as us-east-1); "
                        + "Invalid fluxo.s3.access-key / fluxo.s3.secret-key: set both or neither (neither: the AWS"
                        + " default credentials chain); "
                        + "Invalid fluxo.medallion.lake: s3://acme-lake/fluxo (use s3a://acme-lake/fluxo: Fluxo reaches"
                        + " S3 through Hadoop's s3a connector); "
                        + "Invalid fluxo.medallion.checkpoint-dir: s3a://Acme_Lake/checkpoints (use s3a://bucket/prefix,"
                        + " the bucket 3 to 63 lower-case letters, digits, dots and hyphens). "
                        + "Fix the keys named in --config FILE or in FLUXO_* variables")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theStacksServerNeedsBothKeys() {
        assertThatThrownBy(() -> load(Map.of("FLUXO_STACK_S3_ACCESS__KEY", "")))
                .isInstanceOf(UserException.class)
                .hasMessage("Invalid configuration (2 problems): "
                        + "Invalid fluxo.s3.access-key / fluxo.s3.secret-key: set both or neither (neither: the AWS"
                        + " default credentials chain); "
                        + "Invalid fluxo.stack.s3.access-key / fluxo.stack.s3.secret-key: the local S3 server needs both. "
                        + "Fix the keys named in --config FILE or in FLUXO_* variables");
    }

    @Test
    void anEmptyLakeIsRefused() {
        assertThatThrownBy(() -> load(Map.of("FLUXO_MEDALLION_LAKE", "")))
                .isInstanceOf(UserException.class)
                .hasMessage("Invalid configuration (1 problem): Invalid fluxo.medallion.lake: empty (a local path, or"
                        + " s3a://bucket/prefix). Fix the keys named in --config FILE or in FLUXO_* variables");
    }
}
