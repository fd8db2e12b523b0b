package io.fluxo.metrics;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fluxo.config.UserException;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} in the Prometheus text format, on the JDK's HTTP server (one daemon thread: a scrape
 * only reads values the listener already set). Every other path is a 404. With a token, a request shows it as
 * {@code Authorization: Bearer <token>} or {@code ?token=<token>}, else 401.
 */
public final class MetricsServer implements AutoCloseable {
    public static final String PATH = "/metrics";
    private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final byte[] token;

    private MetricsServer(HttpServer server, ExecutorService executor, MultiCollector metrics, String token) {
        this.server = server;
        this.executor = executor;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        registry.register(metrics);
    }

    /** Starts on the configured address; see {@link #start(String, int, String, MultiCollector)}. */
    public static MetricsServer start(DashboardSettings settings, MultiCollector metrics) {
        return start(settings.bind(), settings.port(), settings.token(), metrics);
    }

    /**
     * @param port 0 for any free port (tests)
     * @param token empty for none; required when bind is not a loopback address
     * @throws UserException when bind is not loopback and there is no token, or the port is taken
     */
    public static MetricsServer start(String bind, int port, String token, MultiCollector metrics) {
        requireNonNull(bind, "bind");
        requireNonNull(token, "token");
        requireNonNull(metrics, "metrics");
        DashboardSettings.problem(bind, token).ifPresent(message -> {
            throw new UserException(message);
        });
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        } catch (BindException e) {
            throw new UserException("Cannot serve the dashboard on " + bind + ":" + port + ": " + e.getMessage()
                    + "; stop what listens there or set fluxo.dashboard.port", e);
        } catch (IOException e) {
            throw new UserException("Cannot serve the dashboard on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fluxo-metrics-http");
            t.setDaemon(true);
            return t;
        });
        MetricsServer metricsServer = new MetricsServer(server, executor, metrics, token);
        server.createContext("/", metricsServer::handle);
        server.setExecutor(executor);
        server.start();
        return metricsServer;
    }

    /** The port it listens on (the one chosen, when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** http://bind:port/metrics. */
    public URI uri() {
        String host = server.getAddress().getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + PATH);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"fluxo\"");
                send(exchange, 401, "text/plain; charset=utf-8", "Unauthorized: send Authorization: Bearer <token>\n");
            } else if (!exchange.getRequestURI().getPath().equals(PATH)) {
                send(exchange, 404, "text/plain; charset=utf-8", "Not found: " + exchange.getRequestURI().getPath() + "\n");
            } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed: " + exchange.getRequestMethod() + "\n");
            } else {
                byte[] body = text(registry.scrape());
                exchange.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
                boolean head = exchange.getRequestMethod().equals("HEAD");
                exchange.sendResponseHeaders(200, head ? -1 : body.length);
                if (!head) {
                    exchange.getResponseBody().write(body);
                }
            }
        }
    }

    /** The Prometheus text format (0.0.4) of snapshots. */
    static byte[] text(MetricSnapshots snapshots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            TEXT.write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private boolean authorized(HttpExchange exchange) {
        if (token.length == 0) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.startsWith("Bearer ") && matches(header.substring("Bearer ".length()).strip())) {
            return true;
        }
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("token=") && matches(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        OutputStream out = exchange.getResponseBody();
        out.write(bytes);
    }
}
