package io.fluxo.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import io.fluxo.pipeline.PipelineRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardSettingsTest {
    private static DashboardSettings load(Map<String, String> overrides) {
        return DashboardSettings.of(PipelineRegistry.loadConfig(null, Map.of(), overrides));
    }

    @Test
    void defaultsToLoopbackOn8088WithoutAToken() {
        DashboardSettings settings = load(Map.of());

        assertThat(settings).isEqualTo(new DashboardSettings("127.0.0.1", 8088, ""));
        assertThat(settings.tokenRequired()).isFalse();
    }

    @Test
    void readsEveryKey() {
        DashboardSettings settings = load(Map.of("fluxo.dashboard.bind", "0.0.0.0", "fluxo.dashboard.port", "9100",
                "fluxo.dashboard.token", " s3cret "));

        assertThat(settings).isEqualTo(new DashboardSettings("0.0.0.0", 9100, "s3cret"));
        assertThat(settings.tokenRequired()).isTrue();
    }

    @Test
    void readsTheTokenFromTheEnvironment() {
        DashboardSettings settings = DashboardSettings.of(PipelineRegistry.loadConfig(null,
                Map.of("FLUXO_DASHBOARD_TOKEN", "from-env"), Map.of()));

        assertThat(settings.token()).isEqualTo("from-env");
    }

    @Test
    void neverPrintsTheToken() {
        assertThat(new DashboardSettings("0.0.0.0", 8088, "s3cret").toString())
                .isEqualTo("DashboardSettings[bind=0.0.0.0, port=8088, token=****]");
        assertThat(new DashboardSettings("127.0.0.1", 8088, "").toString())
                .isEqualTo("DashboardSettings[bind=127.0.0.1, port=8088, token=]");
    }

    @Test
    void refusesAPortOutOfRange() {
        assertThatThrownBy(() -> load(Map.of("fluxo.dashboard.port", "0")))
                .isInstanceOf(UserException.class)
                .hasMessage("Invalid configuration (1 problem): Invalid fluxo.dashboard.port: 0 (must be a port between 1"
                        + " and 65535). Fix the keys named in --config FILE or in FLUXO_* variables");
    }

    @Test
    void refusesANonLoopbackBindWithoutAToken() {
        assertThatThrownBy(() -> load(Map.of("fluxo.dashboard.bind", "0.0.0.0")))
                .isInstanceOf(UserException.class)
                .hasMessage("Invalid configuration (1 problem): Cannot serve the dashboard on 0.0.0.0: it is not a"
                        + " loopback address and fluxo.dashboard.token is empty, so anyone who reaches this machine could"
                        + " read the metrics; set fluxo.dashboard.token (FLUXO_DASHBOARD_TOKEN) or bind to 127.0.0.1."
                        + " Fix the keys named in --config FILE or in FLUXO_* variables");
    }

    @Test
    void acceptsEveryLoopbackAddressWithoutAToken() {
        assertThat(DashboardSettings.problem("127.0.0.1", "")).isEmpty();
        assertThat(DashboardSettings.problem("::1", "")).isEmpty();
        assertThat(DashboardSettings.problem("localhost", "")).isEmpty();
        assertThat(DashboardSettings.problem("0.0.0.0", "t")).isEmpty();
    }

    @Test
    void refusesAnUnknownHost() {
        assertThat(DashboardSettings.problem("no such host.invalid", ""))
                .contains("Invalid fluxo.dashboard.bind: no such host.invalid (not an address or a known host name)");
    }
}
