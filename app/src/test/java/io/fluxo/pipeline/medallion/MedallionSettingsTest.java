package io.fluxo.pipeline.medallion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MedallionSettingsTest {
    private static MedallionSettings load(Map<String, String> env) {
        return FluxoConfig.load(null, env, Map.of(), List.of(MedallionSettings.SECTION)).section(MedallionSettings.SECTION);
    }

    @Test
    void theDefaultsReadTheTransactionsTopicWithItsRules() {
        MedallionSettings m = load(Map.of("FLUXO_HOME", "/data/fluxo"));
        assertThat(m.topic()).isEqualTo("bank_transactions");
        assertThat(m.lake().lake()).isEqualTo("/data/fluxo/lake");
        assertThat(m.lake().checkpoint("bronze")).isEqualTo("/data/fluxo/checkpoints/medallion/bronze");
        assertThat(m.lake().table(MedallionTables.GOLD)).isEqualTo("/data/fluxo/lake/gold/transacoes_minuto");
        assertThat(m.dedupWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(m.goldWatermark()).isEqualTo(Duration.ofMinutes(10));
        assertThat(m.trigger()).isEqualTo(Duration.ofSeconds(5));
        assertThat(m.maxOffsetsPerTrigger()).isEqualTo(100_000);
        assertThat(m.startingOffsets()).isEqualTo("earliest");
        assertThat(m.format()).isEqualTo("json");
        assertThat(m.avroSchemaFile()).isEmpty();
        assertThat(m.maxPayloadBytes()).isEqualTo(65_536);
        assertThat(m.maxIdBytes()).isEqualTo(1_024);
        assertThat(m.postgresSink()).isTrue();
        assertThat(load(Map.of("FLUXO_MEDALLION_SINKS", " none ")).postgresSink()).isFalse();
    }

    @Test
    void theTransactionsSettingsCarryOverUnlessTheMedallionSetsItsOwn() {
        MedallionSettings followed = load(Map.of("FLUXO_TRANSACTIONS_TOPIC", "pagamentos", "FLUXO_TRANSACTIONS_FORMAT", "avro"));
        assertThat(followed.topic()).isEqualTo("pagamentos");
        assertThat(followed.format()).isEqualTo("avro");
        MedallionSettings own = load(Map.of("FLUXO_TRANSACTIONS_TOPIC", "pagamentos", "FLUXO_MEDALLION_TOPIC", "lake-in",
                "FLUXO_MEDALLION_LAKE", "s3a://acme/lake", "FLUXO_MEDALLION_GOLD__WATERMARK", "2m"));
        assertThat(own.topic()).isEqualTo("lake-in");
        assertThat(own.lake().onS3()).isTrue();
        assertThat(own.lake().table(MedallionTables.BRONZE)).isEqualTo("s3a://acme/lake/bronze/bank_transactions");
        assertThat(own.goldWatermark()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void everyBadValueIsNamedAtOnce() {
        assertThatThrownBy(() -> load(Map.of("FLUXO_MEDALLION_FORMAT", "xml", "FLUXO_MEDALLION_DEDUP__WINDOW", "0s",
                "FLUXO_MEDALLION_LAKE", "s3://acme/lake", "FLUXO_MEDALLION_SINKS", "delta",
                "FLUXO_MEDALLION_AVRO__SCHEMA__FILE", Path.of("/no/such.avsc").toString())))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("Invalid fluxo.medallion.format: xml (must be json or avro)")
                .hasMessageContaining("fluxo.medallion.dedup-window")
                .hasMessageContaining("Invalid fluxo.medallion.sinks: delta (use postgres or none)")
                .hasMessageContaining("Invalid fluxo.medallion.lake: s3://acme/lake (use s3a://acme/lake")
                .hasMessageContaining("Invalid fluxo.medallion.avro-schema-file: /no/such.avsc (no such file)");
    }
}
