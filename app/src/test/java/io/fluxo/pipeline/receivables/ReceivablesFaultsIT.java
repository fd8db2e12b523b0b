package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.pipeline.FaultPoint;
import io.fluxo.stack.LocalStack;
import io.fluxo.stack.Service;
import io.fluxo.testing.Faults;
import io.fluxo.testing.PipelineFixture;
import io.fluxo.testing.ReceivablesFixture;
import io.fluxo.testing.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults of the receivables pipeline on the real stack: OpenSearch, then DynamoDB Local, killed mid-stream for ~30 s
 * and started again, and the driver's JVM halted after every sink wrote a batch and before Spark committed it to the
 * checkpoint. Afterwards the index holds every lifecycle document once, as the generator expects, the table every
 * history item, and the DLQ each dead letter once. Each test prints one FAULT line with what it sent and found.
 *
 * <p>The events go out in {@value #CHUNKS} chunks, each followed by one bad record in every partition of the
 * agendados topic, so that every batch of {@value #BATCH_OFFSETS} offsets has dead letters: a replayed batch must
 * not send them again (the DLQ is a fenced Kafka sink).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReceivablesFaultsIT {
    private static final int CHUNKS = 10;
    private static final int EVENTS_PER_CHUNK = 200;
    private static final int BATCH_OFFSETS = 250;
    private static final String SMALL_BATCHES = "FLUXO_RECEIVABLES_MAX__OFFSETS__PER__TRIGGER";
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    /**
     * OpenSearch killed for ~30 s while the pipeline runs. What a user sees: the status lines stall while the bulk
     * writes retry; if the server is back within the retries the pipeline goes on, else it stops with
     * "fluxo: Pipeline receivables stopped: Cannot index N documents into <index> at <url>: … Fix the server and run
     * it again: it resumes from its checkpoint"; the same command run again writes the rest, versions kept.
     */
    @Test
    @Order(1)
    void openSearchKilledMidStreamThenStartedAgainLosesAndDuplicatesNothing() throws Exception {
        long started = System.nanoTime();
        ReceivablesFixture f = new ReceivablesFixture("os-down");
        Sent sent = produce(f, 81);
        runThrough(f, sent, TestStack.stack(), Service.OPENSEARCH, "Cannot index ",
                " documents into " + ReceivablesSettings.of(f.config).index() + " at ", started);
    }

    /**
     * DynamoDB Local killed for ~30 s while the pipeline runs. The test stack runs DynamoDB Local in memory, where a
     * restart loses every table, so this test runs it on disk (as `fluxo stack up` does by default). What a user
     * sees: as for OpenSearch, with "fluxo: Pipeline receivables stopped: Cannot write to DynamoDB table <table> at
     * <endpoint>: … Fix the server and run it again: it resumes from its checkpoint" if it stays down; the history
     * items are keyed by (receivable, event), so the replayed batch rewrites the same items.
     */
    @Test
    @Order(2)
    void dynamoDbKilledMidStreamThenStartedAgainLosesAndDuplicatesNothing() throws Exception {
        Faults.withDynamoDbOnDisk(disk -> {
            long started = System.nanoTime();
            ReceivablesFixture f = new ReceivablesFixture("dynamo-down");
            Sent sent = produce(f, 82);
            runThrough(f, sent, disk, Service.DYNAMODB,
                    "Cannot write to DynamoDB table " + ReceivablesSettings.of(f.config).table() + " at ", null, started);
            // The file ridden through the SIGKILL is in write-ahead-log mode (the stack's SqliteTuning): byte 18 of a
            // SQLite header, the file format write version, is 2 for WAL and 1 for the rollback journal.
            byte[] header = new byte[20];
            try (var in = Files.newInputStream(disk.dir().resolve("data").resolve("dynamodb")
                    .resolve("shared-local-instance.db"))) {
                assertThat(in.readNBytes(header, 0, 20)).isEqualTo(20);
            }
            assertThat(new String(header, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
            assertThat(header[18]).as("SQLite file format write version (2: WAL)").isEqualTo((byte) 2);
        });
    }

    /**
     * A crash between the sink writes of a batch and its checkpoint commit: batch 2's documents, history items and
     * dead letters are written, and the JVM halts before Spark writes commits/2 (the test-only fault point
     * {@link FaultPoint#AFTER_SINKS}). What a user sees: the process gone without a word (as after kill -9 or a
     * power cut); the same command run again replays batch 2: the index takes the same external versions again, the
     * table the same items, and the DLQ's fence skips the letters it has.
     */
    @Test
    @Order(3)
    void crashBetweenTheSinkWritesAndTheCheckpointCommitWritesEachRecordOnce() throws Exception {
        long started = System.nanoTime();
        ReceivablesFixture f = new ReceivablesFixture("rcv-crash-after-sinks");
        Sent sent = produce(f, 83);
        long crashBatch = 2;
        Map<String, String> env = new HashMap<>(Faults.haltAt(FaultPoint.AFTER_SINKS, crashBatch));
        env.put(SMALL_BATCHES, Integer.toString(BATCH_OFFSETS));
        Process child = f.startChild(env, "run", "receivables", "--status-every", "1s");
        Faults.assertHaltedBeforeCommit(Faults.exitCode(child, Duration.ofMinutes(5), f.log()), f.checkpoint(),
                crashBatch, f.log());

        // Every sink wrote the batch before the halt: its dead letters, the last write, are in the DLQ already.
        Map<String, long[]> batch = batchRange(f.checkpoint(), crashBatch);
        long lettersOfTheBatch = f.deadLetters().stream().filter(l -> inRange(batch, l)).count();
        assertThat(lettersOfTheBatch).as("dead letters of batch " + crashBatch + " " + batch.keySet()
                + " in the DLQ at the crash").isPositive();
        int documentsAtCrash = documents(f);
        assertThat(documentsAtCrash).as("documents at the crash").isPositive().isLessThan(sent.expected().size());

        Process restarted = f.startChild(Map.of(), "run", "receivables", "--available-now");
        assertThat(Faults.exitCode(restarted, Duration.ofMinutes(5), f.log())).as("restart; see " + f.log()).isZero();
        assertThat(f.checkpoint().resolve("commits").resolve(Long.toString(crashBatch)))
                .as("batch " + crashBatch + " replayed and committed by the second run").exists();
        assertExactlyOnce(f, sent, "receivables, halt between the sink writes and the checkpoint commit of batch "
                + crashBatch + " (exit " + FaultPoint.HALT_EXIT_CODE + ", no commits/" + crashBatch + "; at the crash "
                + documentsAtCrash + " documents in and " + lettersOfTheBatch + " dead letters of the batch)",
                "stopped by the crash, resumed by a second run", started);
    }

    /** What a test sent: the generator's expectation and the bad records (one dead letter each). */
    private record Sent(List<ReceivableExpectation> expected, int badRecords) {
        long historyItems() {
            return expected.stream().mapToLong(e -> e.eventos().size()).sum();
        }
    }

    private static Sent produce(ReceivablesFixture f, long seed) {
        ReceivablesSettings settings = ReceivablesSettings.of(f.config);
        List<ReceivableExpectation> expected = new ArrayList<>();
        int bad = 0;
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            // Seeded UUIDs: the receivables of two seeds never share an id.
            expected.addAll(f.produce(ReceivablesOptions.defaults(EVENTS_PER_CHUNK).withSeed(seed * 1_000 + chunk)
                    .withOutOfOrderRate(0.05).withDuplicateRate(0.05)));
            for (int partition = 0; partition < settings.partitions(); partition++) {
                String id = "bad-" + chunk + "-" + partition;
                f.send(settings.agendadosTopic(), partition, id, "{\"id_recebivel\":\"" + id + "\",\"tipo_evento\":\"agendado\"}");
                bad++;
            }
        }
        return new Sent(List.copyOf(expected), bad);
    }

    private static void runThrough(ReceivablesFixture f, Sent sent, LocalStack stack, Service service, String stopText,
            String stopDetail, long startedNanos) throws Exception {
        Process child = f.startChild(Map.of(SMALL_BATCHES, Integer.toString(BATCH_OFFSETS)), "run", "receivables",
                "--status-every", "1s");
        Faults.Outage outage;
        String outcome;
        try {
            Faults.await(Duration.ofMinutes(3), "150 documents before the fault (log " + f.log() + ")",
                    () -> !child.isAlive() || documents(f) >= 150);
            assertThat(child.isAlive()).as("the pipeline must still run when the fault starts; see " + f.log()).isTrue();
            assertThat(documents(f)).as("the fault lands mid-stream").isLessThan(sent.expected().size());
            outage = Faults.outage(stack, service, OUTAGE);
            Faults.await(Duration.ofMinutes(5), "the pipeline to catch up after " + service + " came back, or to stop"
                    + " (log " + f.log() + ")", () -> !child.isAlive() || documents(f) == sent.expected().size()
                    && history(f) == sent.historyItems() && f.deadLetters().size() == sent.badRecords());
            if (child.isAlive()) {
                outcome = Faults.RODE_IT_OUT;
            } else {
                Optional<String> line = Faults.lastPipelineError(f.log());
                assertThat(line).as("the line of a stopped pipeline in " + f.log()).isPresent();
                System.out.println("stop line (receivables, " + service + "): " + line.get());
                Faults.assertDocumentedStop(line.get(), "receivables", stopText);
                if (stopDetail != null) {
                    assertThat(line.get()).contains(stopDetail);
                }
                Process restarted = f.startChild(Map.of(), "run", "receivables", "--available-now");
                assertThat(Faults.exitCode(restarted, Duration.ofMinutes(5), f.log())).as("restart; see " + f.log()).isZero();
                outcome = Faults.STOPPED_AND_RESUMED;
            }
        } finally {
            Faults.kill(child);
        }
        assertExactlyOnce(f, sent, "receivables, " + outage.describe(), outcome, startedNanos);
    }

    /**
     * The index and the table are keyed (document id; receivable and event), so a record written twice replaces
     * itself: a double write shows as a wrong value (verify compares every field and version) or as more documents or
     * items than expected. The DLQ is a topic: a letter written twice is there twice (same source record).
     */
    private static void assertExactlyOnce(ReceivablesFixture f, Sent sent, String fault, String outcome,
            long startedNanos) {
        VerifyResult verified = f.verify(sent.expected());
        int documents = f.documents().size();
        int history = f.historyItems().size();
        List<JsonNode> letters = f.deadLetters();
        long duplicateLetters = letters.size() - letters.stream()
                .map(l -> l.get("topic").asText() + "/" + l.get("partition").asInt() + "/" + l.get("offset").asLong())
                .distinct().count();
        long duplicates = duplicateLetters + Math.max(0, documents - sent.expected().size())
                + Math.max(0, history - sent.historyItems());
        System.out.printf(Locale.ROOT, "FAULT %s: sent %d receivables (%d history items) + %d bad records, written"
                        + " (found/expected) OpenSearch documents %d/%d, DynamoDB history items %d/%d (%s), dead letters"
                        + " %d/%d, duplicates %d, outcome %s, %s%n",
                fault, sent.expected().size(), sent.historyItems(), sent.badRecords(), documents, sent.expected().size(),
                history, sent.historyItems(), verified.summary(), letters.size(), sent.badRecords(), duplicates, outcome,
                Faults.since(startedNanos));
        assertThat(verified.mismatches()).as(verified.summary()).isEmpty();
        assertThat(verified.ok()).as(verified.summary()).isTrue();
        assertThat(documents).as("documents in the index").isEqualTo(sent.expected().size());
        assertThat((long) history).as("history items in the table").isEqualTo(sent.historyItems());
        assertThat(letters).as("dead letters").hasSize(sent.badRecords());
        assertThat(duplicateLetters).as("dead letters of the same record").isZero();
        assertThat(letters).extracting(l -> l.get("topic").asText())
                .as("every dead letter is a bad record of the agendados topic")
                .containsOnly(ReceivablesSettings.of(f.config).agendadosTopic());
    }

    /** Topic/partition → [from, to) of one batch, from the checkpoint's offset log (the batch before it ends where it starts). */
    private static Map<String, long[]> batchRange(Path checkpoint, long batchId) {
        Map<String, Long> from = offsetLog(checkpoint, batchId - 1);
        Map<String, Long> to = offsetLog(checkpoint, batchId);
        Map<String, long[]> range = new HashMap<>();
        to.forEach((partition, end) -> range.put(partition, new long[] {from.getOrDefault(partition, 0L), end}));
        return range;
    }

    /** Topic/partition → end offset in {@code offsets/<batch>}: "v1", the batch's metadata, then the Kafka source's offsets. */
    private static Map<String, Long> offsetLog(Path checkpoint, long batchId) {
        try {
            List<String> lines = Files.readAllLines(checkpoint.resolve("offsets").resolve(Long.toString(batchId)));
            JsonNode source = PipelineFixture.json(lines.get(2));
            Map<String, Long> offsets = new HashMap<>();
            source.fields().forEachRemaining(topic -> topic.getValue().fields().forEachRemaining(
                    p -> offsets.put(topic.getKey() + "/" + p.getKey(), p.getValue().asLong())));
            return offsets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean inRange(Map<String, long[]> batch, JsonNode letter) {
        long[] range = batch.get(letter.get("topic").asText() + "/" + letter.get("partition").asInt());
        long offset = letter.get("offset").asLong();
        return range != null && offset >= range[0] && offset < range[1];
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
