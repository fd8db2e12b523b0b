package io.fluxo.pipeline.commerce;

import io.fluxo.config.FluxoConfig;
import io.fluxo.generator.ProgressListener;
import io.fluxo.pipeline.PipelineDemo;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The commerce part of {@code fluxo demo}: the default catalog, shoppers whose event time is the wall clock (the
 * generator's pace is the demo's rate), a few late and out-of-order events so that late_events fills too, and a
 * report of the latest closed minute, the funnel and the alerts.
 */
final class CommerceDemo implements PipelineDemo {
    static final double LATE_RATE = 0.01;
    static final double OUT_OF_ORDER_RATE = 0.05;

    private final FluxoConfig config;
    private final CommerceProducer producer;

    CommerceDemo(FluxoConfig config) {
        this.config = config;
        this.producer = CommerceProducer.of(config);
    }

    @Override
    public void prepare() {
        SeedCommerce.seed(PostgresSettings.of(config), SeedCommerce.DEFAULT_PRODUCTS, SeedCommerce.DEFAULT_CUSTOMERS,
                CommerceGenerator.DEFAULT_CATALOG_SEED);
    }

    @Override
    public void startGenerator(double eventsPerSecond) {
        double pace = eventsPerSecond > 0 ? eventsPerSecond : CommerceGenerator.DEFAULT_PACE;
        CommerceGenerator.Options options = new CommerceGenerator.Options(System.nanoTime(), 0,
                CommerceGenerator.DEFAULT_PRODUCTS, CommerceGenerator.DEFAULT_CUSTOMERS,
                CommerceGenerator.DEFAULT_CATALOG_SEED, System.currentTimeMillis(), pace, OUT_OF_ORDER_RATE, LATE_RATE, 0);
        Thread generator = new Thread(() -> producer.produce(options, eventsPerSecond, ProgressListener.NONE, false),
                "fluxo-demo-generator-commerce");
        generator.setDaemon(true);
        generator.start();
    }

    @Override
    public void stopGenerator() {
        producer.stop();
    }

    @Override
    public List<String> whereToLook() {
        CommerceSettings s = CommerceSettings.of(config);
        String psql = "psql '" + PostgresSettings.of(config).url().replace("jdbc:", "") + "'";
        return List.of(
                "commerce windows     " + psql + " -c \"select * from commerce_product_windows where kind = 'tumbling_1m'"
                        + " order by window_start desc, revenue desc limit 10\"",
                "commerce             tables commerce_funnel, commerce_sessions, commerce_alerts, late_events; Kafka "
                        + s.enrichedTopic() + "; dead letters " + s.dlqTopic());
    }

    @Override
    public List<String> report() {
        PostgresSettings settings = PostgresSettings.of(config);
        try (Connection c = PostgresDataSources.shared(settings).getConnection(); Statement s = c.createStatement()) {
            List<String> lines = new ArrayList<>();
            try (ResultSet r = s.executeQuery("select window_start, page_views, add_to_carts, purchases, view_to_purchase"
                    + " from commerce_funnel order by window_start desc offset 1 limit 1")) {
                lines.add(r.next() ? String.format(Locale.ROOT, "funnel %s: %d views, %d carts, %d purchases (%s of views)",
                        r.getTimestamp(1).toInstant(), r.getLong(2), r.getLong(3), r.getLong(4),
                        r.getBigDecimal(5) == null ? "-" : r.getBigDecimal(5).toPlainString()) : "funnel: -");
            }
            try (ResultSet r = s.executeQuery("select (select count(*) from commerce_sessions),"
                    + " (select count(*) from commerce_alerts where kind = 'ABANDONED_CART'),"
                    + " (select count(*) from commerce_alerts where kind = 'REVENUE_ANOMALY'),"
                    + " (select count(*) from late_events)")) {
                r.next();
                lines.add(String.format(Locale.ROOT, "sessions closed %,d | abandoned carts %,d | revenue anomalies %,d"
                        + " | late events kept %,d", r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)));
            }
            return lines;
        } catch (SQLException e) {
            return List.of("cannot read PostgreSQL at " + settings.url() + ": " + e.getMessage());
        }
    }
}
