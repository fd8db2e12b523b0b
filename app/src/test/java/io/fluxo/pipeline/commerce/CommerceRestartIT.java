package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxo.generator.ProgressListener;
import io.fluxo.testing.PipelineFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Generated traffic (sessions, abandoned carts, spikes, out-of-order, late and invalid records) end to end, equal to
 * what the generator's own model says every table must hold; with the pipeline killed hard mid-stream and started
 * again from its checkpoint, and then a committed batch replayed after its commit file is deleted.
 */
class CommerceRestartIT {
    static final long EVENTS = 6_000;

    @Test
    void aHardKillAndAReplayedBatchLeaveEveryTableAndTheEnrichedTopicAsOneCleanRun() throws Exception {
        CommerceFixture f = new CommerceFixture("commerce-restart", Map.of());
        CommerceProducer producer = CommerceProducer.of(f.config);
        // 6,000 records at 2 per second of event time: 50 minutes of shopping, so that sessions close and spikes
        // have a history; 2 % late, 5 % out of order, 1 % invalid.
        producer.produce(new CommerceGenerator.Options(7, EVENTS, CommerceFixture.PRODUCTS, CommerceFixture.CUSTOMERS,
                CommerceFixture.CATALOG_SEED, Instant.parse("2026-03-02T12:00:00Z").toEpochMilli(), 2, 0.05, 0.02,
                0.01), 0, ProgressListener.NONE, true);
        CommerceExpectation expected = producer.expectation();

        Process child = f.startChild(Map.of("FLUXO_COMMERCE_MAX__OFFSETS__PER__TRIGGER", "500"),
                "run", "commerce", "--status-every", "1s");
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !child.isAlive() || f.count("select count(*) from commerce_watermarks") >= 3);
            assertThat(child.isAlive()).as("the pipeline must still be running when it is killed").isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        Process restarted = f.startChild(Map.of("FLUXO_COMMERCE_MAX__OFFSETS__PER__TRIGGER", "500"),
                "run", "commerce", "--available-now");
        assertThat(restarted.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(restarted.exitValue()).isZero();

        CommerceVerifier.Result result = CommerceVerifier.of(f.config).verify(expected, Duration.ofSeconds(30), true);
        System.out.println(result.summary());
        assertThat(result.mismatches()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(f.count("select count(*) from commerce_sessions")).isPositive();
        assertThat(f.count("select count(*) from commerce_alerts where kind = 'ABANDONED_CART'")).isPositive();
        assertThat(f.count("select count(*) from late_events")).isPositive();

        // A committed batch, its commit file deleted: Spark runs it again against the fences.
        Map<String, String> windows = f.table("commerce_product_windows");
        Map<String, String> sessions = f.table("commerce_sessions");
        Map<String, String> alerts = f.table("commerce_alerts");
        Map<String, String> late = f.table("late_events");
        Map<String, String> fences = f.table("fluxo_batches");
        int enriched = f.records(f.settings().enrichedTopic()).size();
        Path lastCommit = PipelineFixture.uncommitLastBatch(f.checkpoint());
        f.drain();
        assertThat(lastCommit).as("the replayed batch commits again").exists();
        assertThat(f.table("commerce_product_windows")).isEqualTo(windows);
        assertThat(f.table("commerce_sessions")).isEqualTo(sessions);
        assertThat(f.table("commerce_alerts")).isEqualTo(alerts);
        assertThat(f.table("late_events")).isEqualTo(late);
        assertThat(f.table("fluxo_batches")).isEqualTo(fences);
        assertThat(f.records(f.settings().enrichedTopic())).hasSize(enriched);
        assertThat(CommerceVerifier.of(f.config).check(expected, true).mismatches()).isEmpty();
    }
}
