package io.fluxo.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.pipeline.PipelineRegistry;
import io.fluxo.pipeline.transactions.TransactionsOptions;
import io.fluxo.pipeline.transactions.TransactionsSettings;
import io.fluxo.testing.TestSpark;
import io.fluxo.testing.TransactionsFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The metrics endpoint scraped after a real pipeline run on the test stack, its text parsed back: the counters equal
 * what the run did (records read, dead letters), and a query that ended shows as down.
 */
class MetricsEndpointIT {

    @Test
    void aScrapeAfterARunCountsWhatTheRunRead() throws Exception {
        TransactionsFixture f = new TransactionsFixture("metrics-endpoint", 50, Map.of());
        f.produce(TransactionsOptions.defaults(300).withUsers(50));
        String topic = TransactionsSettings.of(f.config).topic();
        for (int i = 0; i < 4; i++) {
            f.send(topic, "bad", "not json " + i);
        }
        long lettersBefore = PipelineMetrics.of("transactions").get(PipelineMetrics.DEAD_LETTERS);

        FluxoMetrics metrics = new FluxoMetrics(PipelineRegistry.names());
        FluxoMetricsListener listener = new FluxoMetricsListener(metrics);
        TestSpark.session().streams().addListener(listener);
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, "", metrics)) {
            f.drain();
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            Map<String, Double> samples = PrometheusText.samples(scrape.body());
            String q = "{pipeline=\"transactions\",query=\"transactions\"}";
            assertThat(samples).containsEntry("fluxo_query_input_rows_total" + q, 304.0)
                    .containsEntry("fluxo_query_up" + q, 0.0)
                    .containsEntry("fluxo_dead_letters_total{pipeline=\"transactions\"}", (double) lettersBefore + 4);
            assertThat(samples).containsKey("fluxo_consumer_lag_records{pipeline=\"transactions\",query=\"transactions\","
                    + "topic=\"" + topic + "\"}");
            assertThat(PrometheusText.types(scrape.body())).containsEntry("fluxo_query_input_rows_total", "counter");
            HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.uri().toString().replace("/metrics", "/nope"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
        } finally {
            TestSpark.session().streams().removeListener(listener);
        }
    }
}
