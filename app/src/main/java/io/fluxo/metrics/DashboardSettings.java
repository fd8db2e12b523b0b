package io.fluxo.metrics;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where the dashboard and its {@code /metrics} listen ({@code fluxo.dashboard.*}). Loopback by default; any other
 * address needs a token, since the metrics name topics, tables and volumes.
 */
public record DashboardSettings(String bind, int port, String token) implements Serializable {
    public static final ConfigSection<DashboardSettings> SECTION = new ConfigSection<>() {
        @Override
        public String path() {
            return "fluxo.dashboard";
        }

        @Override
        public DashboardSettings read(ConfigReader r) {
            String bind = r.string("fluxo.dashboard.bind").strip();
            int port = r.port("fluxo.dashboard.port");
            String token = r.string("fluxo.dashboard.token").strip();
            problem(bind, token).ifPresent(message -> r.check(false, message));
            return new DashboardSettings(bind, port, token);
        }
    };

    public DashboardSettings {
        requireNonNull(bind, "bind");
        requireNonNull(token, "token");
    }

    public static DashboardSettings of(FluxoConfig config) {
        return config.section(SECTION);
    }

    /** Whether a request must show the token. */
    public boolean tokenRequired() {
        return !token.isEmpty();
    }

    /**
     * What keeps the dashboard from starting on bind with token (empty: none), as one line; empty when it may start.
     */
    public static Optional<String> problem(String bind, String token) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            return Optional.of("Invalid fluxo.dashboard.bind: " + bind + " (not an address or a known host name)");
        }
        if (!address.isLoopbackAddress() && token.isEmpty()) {
            return Optional.of("Cannot serve the dashboard on " + bind + ": it is not a loopback address and"
                    + " fluxo.dashboard.token is empty, so anyone who reaches this machine could read the metrics;"
                    + " set fluxo.dashboard.token (FLUXO_DASHBOARD_TOKEN) or bind to 127.0.0.1");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "DashboardSettings[bind=" + bind + ", port=" + port + ", token=" + (token.isEmpty() ? "" : "****") + "]";
    }
}
