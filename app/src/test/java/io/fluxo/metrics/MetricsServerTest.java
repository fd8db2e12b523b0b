package io.fluxo.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import io.fluxo.pipeline.PipelineMetrics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static FluxoMetrics metrics() {
        FluxoMetrics metrics = new FluxoMetrics(List.of("mserve"));
        metrics.started("mserve");
        metrics.progress(new ProgressReading("mserve", 12, 3, 4, 250, OptionalDouble.empty(), List.of(), Map.of("t", 9L)));
        return metrics;
    }

    private static HttpResponse<String> get(MetricsServer server, String pathAndQuery, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheMetricsInThePrometheusTextFormat() throws Exception {
        PipelineMetrics.of("mserve").add(PipelineMetrics.DEAD_LETTERS, 0);
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, "", metrics())) {
            HttpResponse<String> response = get(server, "/metrics", null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(PrometheusText.samples(response.body())).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                    Map.entry("fluxo_query_up{pipeline=\"mserve\",query=\"mserve\"}", 1.0),
                    Map.entry("fluxo_query_input_rows_total{pipeline=\"mserve\",query=\"mserve\"}", 12.0),
                    Map.entry("fluxo_query_input_rows_per_second{pipeline=\"mserve\",query=\"mserve\"}", 3.0),
                    Map.entry("fluxo_query_processed_rows_per_second{pipeline=\"mserve\",query=\"mserve\"}", 4.0),
                    Map.entry("fluxo_query_batch_duration_seconds{pipeline=\"mserve\",query=\"mserve\"}", 0.25),
                    Map.entry("fluxo_consumer_lag_records{pipeline=\"mserve\",query=\"mserve\",topic=\"t\"}", 9.0),
                    Map.entry("fluxo_dead_letters_total{pipeline=\"mserve\"}", 0.0),
                    Map.entry("fluxo_batches_written_total{pipeline=\"mserve\"}", 0.0)));
            assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/metrics"));
        }
    }

    @Test
    void anUnknownPathIsA404() throws Exception {
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, "", metrics())) {
            assertThat(get(server, "/nope", null).statusCode()).isEqualTo(404);
            assertThat(get(server, "/", null).statusCode()).isEqualTo(404);
            assertThat(get(server, "/metrics/x", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void onlyGetAndHeadReadTheMetrics() throws Exception {
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, "", metrics())) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD");
        }
    }

    @Test
    void withATokenEveryRequestMustShowIt() throws Exception {
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, "s3cret", metrics())) {
            HttpResponse<String> none = get(server, "/metrics", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"fluxo\"");
            assertThat(get(server, "/metrics", "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(get(server, "/metrics?token=wrong", null).statusCode()).isEqualTo(401);
            assertThat(get(server, "/nope", null).statusCode()).isEqualTo(401);

            assertThat(get(server, "/metrics", "Bearer s3cret").statusCode()).isEqualTo(200);
            assertThat(get(server, "/metrics?token=s3cret", null).statusCode()).isEqualTo(200);
            assertThat(get(server, "/metrics?x=1&token=s3cret", null).statusCode()).isEqualTo(200);
            assertThat(get(server, "/nope", "Bearer s3cret").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aNonLoopbackBindWithoutATokenRefusesToStart() {
        assertThatThrownBy(() -> MetricsServer.start("0.0.0.0", 0, "", metrics()))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot serve the dashboard on 0.0.0.0: it is not a loopback address and fluxo.dashboard.token"
                        + " is empty, so anyone who reaches this machine could read the metrics; set"
                        + " fluxo.dashboard.token (FLUXO_DASHBOARD_TOKEN) or bind to 127.0.0.1");
    }

    @Test
    void startsFromTheSettings() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (MetricsServer server = MetricsServer.start(new DashboardSettings("127.0.0.1", port, ""), metrics())) {
            assertThat(server.port()).isEqualTo(port);
            assertThat(get(server, "/metrics", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aTakenPortIsAOneLineError() throws Exception {
        try (MetricsServer first = MetricsServer.start("127.0.0.1", 0, "", metrics())) {
            assertThatThrownBy(() -> MetricsServer.start("127.0.0.1", first.port(), "", metrics()))
                    .isInstanceOf(UserException.class)
                    .hasMessageStartingWith("Cannot serve the dashboard on 127.0.0.1:" + first.port() + ": ")
                    .hasMessageEndingWith("; stop what listens there or set fluxo.dashboard.port");
        }
    }

    @Test
    void stopsListeningWhenClosed() throws Exception {
        MetricsServer server = MetricsServer.start("127.0.0.1", 0, "", metrics());
        int port = server.port();
        server.close();

        try (ServerSocket again = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }
}
