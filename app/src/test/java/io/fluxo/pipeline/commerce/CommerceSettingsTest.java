package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommerceSettingsTest {
    private static CommerceSettings load(Map<String, String> env) {
        return FluxoConfig.load(null, env, Map.of(), List.of(CommerceSettings.SECTION)).section(CommerceSettings.SECTION);
    }

    @Test
    void theDefaultsAreTheDesignsOnes() {
        CommerceSettings c = load(Map.of());
        assertThat(c.topic()).isEqualTo("sales_events");
        assertThat(c.dlqTopic()).isEqualTo("commerce.dlq");
        assertThat(c.enrichedTopic()).isEqualTo("sales_events.enriched");
        assertThat(c.watermark()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.sessionGap()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.anomaly()).isEqualTo(new RevenueAnomaly(new BigDecimal("3"), 30, 10));
        assertThat(c.referenceRefresh()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.trigger()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.maxOffsetsPerTrigger()).isEqualTo(100_000);
        assertThat(c.startingOffsets()).isEqualTo("earliest");
        assertThat(c.postgresSink()).isTrue();
        assertThat(load(Map.of("FLUXO_COMMERCE_SINKS", "none")).postgresSink()).isFalse();
        assertThat(load(Map.of("FLUXO_COMMERCE_ANOMALY_Z", "2.5")).anomaly().threshold()).isEqualTo(new BigDecimal("2.5"));
    }

    @Test
    void everyBadSettingIsNamedAtOnce() {
        assertThatThrownBy(() -> load(Map.of("FLUXO_COMMERCE_SINKS", "kafka", "FLUXO_COMMERCE_ANOMALY_Z", "high",
                "FLUXO_COMMERCE_ANOMALY_MIN__HISTORY", "40")))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("Invalid fluxo.commerce.sinks: kafka (use postgres or none)")
                .hasMessageContaining("Invalid fluxo.commerce.anomaly.z: high (use a number above 0, such as 3)")
                .hasMessageContaining("Invalid fluxo.commerce.anomaly: z 1, history 30, min-history 40");
    }
}
