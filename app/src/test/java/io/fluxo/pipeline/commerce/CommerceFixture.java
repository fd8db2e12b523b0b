package io.fluxo.pipeline.commerce;

import io.fluxo.pipeline.PipelineRunner;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.testing.DatabaseFixture;
import io.fluxo.testing.TestSpark;
import java.nio.file.Path;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The commerce pipeline on the test stack: its own topics, database (seeded catalog) and checkpoint. */
final class CommerceFixture extends DatabaseFixture {
    static final int PRODUCTS = 50;
    static final int CUSTOMERS = 200;
    static final long CATALOG_SEED = 42;

    CommerceFixture(String test, Map<String, String> overrides) {
        super(test, "commerce");
        Map<String, String> e = new HashMap<>(overrides);
        e.put("FLUXO_COMMERCE_TOPIC", name + ".sales");
        e.put("FLUXO_COMMERCE_DLQ__TOPIC", name + ".dlq");
        e.put("FLUXO_COMMERCE_ENRICHED__TOPIC", name + ".enriched");
        e.putIfAbsent("FLUXO_COMMERCE_PARTITIONS", "2");
        e.putIfAbsent("FLUXO_COMMERCE_TRIGGER", "1s");
        e.put("FLUXO_POSTGRES_URL", databaseUrl());
        init(e);
        new CommercePipeline().prepare(config);
        SeedCommerce.seed(PostgresSettings.of(config), PRODUCTS, CUSTOMERS, CATALOG_SEED);
    }

    CommerceSettings settings() {
        return CommerceSettings.of(config);
    }

    /** Runs the query with availableNow: everything Kafka holds now, then the batch that moves the watermark. */
    void drain() {
        CommercePipeline pipeline = new CommercePipeline();
        PipelineRunner.run(() -> pipeline.start(TestSpark.session(), config, true), pipeline, Duration.ofMinutes(10),
                System.out);
    }

    /**
     * Drains like {@link #drain} and returns how many rows Spark's stateful operator reports as dropped by the
     * watermark over the run's batches (its {@code numRowsDroppedByWatermark}).
     */
    long drainCountingSparkDrops() throws Exception {
        StreamingQuery query = new CommercePipeline().start(TestSpark.session(), config, true);
        query.awaitTermination();
        long dropped = 0;
        for (StreamingQueryProgress p : query.recentProgress()) {
            for (StateOperatorProgress op : p.stateOperators()) {
                dropped += op.numRowsDroppedByWatermark();
            }
        }
        return dropped;
    }

    Path checkpoint() {
        return config.checkpointDir().resolve(CommercePipeline.NAME);
    }
}
