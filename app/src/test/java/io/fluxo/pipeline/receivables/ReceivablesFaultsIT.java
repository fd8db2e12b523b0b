package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.stack.Service;
import io.fluxo.testing.Faults;
import io.fluxo.testing.ReceivablesFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults of the receivables pipeline on the real stack: OpenSearch, then DynamoDB Local, stopped mid-stream
 * and started again. Afterwards the index holds every lifecycle document once, as the generator expects, the
 * table every history item, and the DLQ each dead letter once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReceivablesFaultsIT {
    private static final int BAD_RECORDS = 5;
    private static final String SMALL_BATCHES = "FLUXO_RECEIVABLES_MAX__OFFSETS__PER__TRIGGER";

    /**
     * OpenSearch stopped for ~20 s (~35 s unreachable with its shutdown and start) while the pipeline runs. What a user sees: the status lines stall while the
     * bulk writes retry (8 attempts, backoff up to 5 s); a server down longer than that stops the pipeline with
     * "fluxo: Pipeline receivables stopped: Cannot index N documents into <index> at <url>: Connect to … failed:
     * Connection refused after 8 attempts. Fix the server and run it
     * again: it resumes from its checkpoint"; the same command run again writes the rest, versions kept.
     */
    @Test
    @Order(1)
    void openSearchStoppedMidStreamThenStartedAgainLosesAndDuplicatesNothing() throws Exception {
        long started = System.nanoTime();
        ReceivablesFixture f = new ReceivablesFixture("os-down");
        List<ReceivableExpectation> expected = produce(f, 81);
        runThrough(f, expected, () -> Faults.outage(Service.OPENSEARCH, Duration.ofSeconds(20)),
                "Cannot index ", " documents into " + ReceivablesSettings.of(f.config).index() + " at ",
                "opensearch stopped 20 s", started);
    }

    /**
     * DynamoDB Local stopped for ~20 s while the pipeline runs. The test stack runs DynamoDB Local in memory,
     * where a restart loses every table, so this test runs it on disk (as `fluxo stack up` does by default).
     * What a user sees: as for OpenSearch, with "Pipeline receivables stopped: Cannot write to DynamoDB table <table> at <endpoint>: … after 8
     * attempts. …" if it stays down; the history
     * items are keyed by (receivable, event), so the replayed batch rewrites the same items.
     */
    @Test
    @Order(2)
    void dynamoDbStoppedMidStreamThenStartedAgainLosesAndDuplicatesNothing() throws Exception {
        Faults.withDynamoDbOnDisk(disk -> {
            long started = System.nanoTime();
            ReceivablesFixture f = new ReceivablesFixture("dynamo-down");
            List<ReceivableExpectation> expected = produce(f, 82);
            runThrough(f, expected, () -> Faults.outage(disk, Service.DYNAMODB, Duration.ofSeconds(20)),
                    "Cannot write to DynamoDB table " + ReceivablesSettings.of(f.config).table() + " at ", null,
                    "dynamodb (on disk) stopped 20 s", started);
        });
    }

    private static List<ReceivableExpectation> produce(ReceivablesFixture f, long seed) {
        List<ReceivableExpectation> expected = f.produce(ReceivablesOptions.defaults(2_000).withSeed(seed)
                .withOutOfOrderRate(0.05).withDuplicateRate(0.05));
        String agendados = ReceivablesSettings.of(f.config).agendadosTopic();
        for (int i = 0; i < BAD_RECORDS; i++) {
            f.send(agendados, "bad-" + i, "{\"id_recebivel\":\"bad-" + i + "\",\"tipo_evento\":\"agendado\"}");
        }
        return expected;
    }

    private static void runThrough(ReceivablesFixture f, List<ReceivableExpectation> expected, Runnable fault,
            String stopPrefix, String stopDetail, String label, long startedNanos) throws Exception {
        long historyExpected = expected.stream().mapToLong(e -> e.eventos().size()).sum();
        Process child = f.startChild(Map.of(SMALL_BATCHES, "250"), "run", "receivables", "--status-every", "1s");
        String outcome;
        try {
            Faults.await(Duration.ofMinutes(2), "150 documents before the fault (log " + f.log() + ")",
                    () -> !child.isAlive() || documents(f) >= 150);
            assertThat(child.isAlive()).as("the pipeline must still run when the fault starts; see " + f.log()).isTrue();
            assertThat(documents(f)).as("the fault lands mid-stream").isLessThan(expected.size());
            fault.run();
            Faults.await(Duration.ofMinutes(3), "the pipeline to catch up after the server came back, or to stop (log "
                    + f.log() + ")", () -> !child.isAlive()
                    || documents(f) == expected.size() && history(f) == historyExpected && f.deadLetters().size() == BAD_RECORDS);
            if (child.isAlive()) {
                outcome = "the pipeline rode it out";
            } else {
                Optional<String> line = Faults.lastPipelineError(f.log());
                assertThat(line).as("the line of a stopped pipeline in " + f.log()).isPresent();
                Faults.assertDocumentedStop(line.get(), "receivables", stopPrefix);
                if (stopDetail != null) {
                    assertThat(line.get()).contains(stopDetail);
                }
                System.out.println("FAULT child stopped with: " + line.get());
                Process restarted = f.startChild(Map.of(), "run", "receivables", "--available-now");
                assertThat(Faults.exitCode(restarted, Duration.ofMinutes(4), f.log())).as("restart; see " + f.log()).isZero();
                outcome = "stopped with its one line, resumed by a second run";
            }
        } finally {
            Faults.kill(child);
        }

        VerifyResult verified = f.verify(expected);
        Map<String, JsonNode> documents = f.documents();
        int history = f.historyItems().size();
        List<JsonNode> letters = f.deadLetters();
        long duplicateLetters = letters.size() - letters.stream()
                .map(l -> l.get("topic").asText() + "/" + l.get("partition").asInt() + "/" + l.get("offset").asLong())
                .distinct().count();
        System.out.printf("FAULT %s (%s): sent %d receivables (%d history items) + %d bad; documents %d, history items %d,"
                        + " dead letters %d, duplicate dead letters %d, %s, %d s%n",
                label, outcome, expected.size(), historyExpected, BAD_RECORDS, documents.size(), history, letters.size(),
                duplicateLetters, verified.summary(), Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
        assertThat(verified.mismatches()).as(verified.summary()).isEmpty();
        assertThat(verified.ok()).as(verified.summary()).isTrue();
        assertThat(documents).as("documents in the index").hasSize(expected.size());
        assertThat(history).as("history items in the table").isEqualTo(historyExpected);
        assertThat(letters).as("dead letters").hasSize(BAD_RECORDS);
        assertThat(duplicateLetters).as("dead letters of the same record").isZero();
    }

    private static int documents(ReceivablesFixture f) {
        try {
            return f.documents().size();
        } catch (RuntimeException e) {
            return -1; // the server is down
        }
    }

    private static long history(ReceivablesFixture f) {
        try {
            return f.historyItems().size();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
