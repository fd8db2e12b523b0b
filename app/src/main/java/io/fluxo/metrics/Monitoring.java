package io.fluxo.metrics;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import java.io.PrintStream;
import java.util.Collection;
import org.apache.spark.sql.SparkSession;

/**
 * What {@code fluxo run} and {@code fluxo demo} switch on: the listener that turns every query's progress into
 * metrics, on the session the queries start from, and the endpoint that serves them ({@code fluxo.dashboard.*}). A
 * pipeline runs without the endpoint when it cannot be served (its port taken, say): that is one line, not a stop.
 */
public final class Monitoring implements AutoCloseable {
    private final SparkSession spark;
    private final FluxoMetricsListener listener;
    private final MetricsServer server;

    private Monitoring(SparkSession spark, FluxoMetricsListener listener, MetricsServer server) {
        this.spark = spark;
        this.listener = listener;
        this.server = server;
    }

    public static Monitoring start(SparkSession spark, FluxoConfig config, Collection<String> pipelines,
            PrintStream out) {
        FluxoMetrics metrics = new FluxoMetrics(pipelines);
        FluxoMetricsListener listener = new FluxoMetricsListener(metrics);
        spark.streams().addListener(listener);
        MetricsServer server = null;
        try {
            server = MetricsServer.start(DashboardSettings.of(config), metrics);
            out.println("Metrics (Prometheus): " + server.uri());
        } catch (UserException e) {
            out.println("Metrics are not served: " + e.getMessage());
        }
        return new Monitoring(spark, listener, server);
    }

    @Override
    public void close() {
        spark.streams().removeListener(listener);
        if (server != null) {
            server.close();
        }
    }
}
