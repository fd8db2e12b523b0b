package io.fluxo.pipeline.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.stack.Service;
import io.fluxo.testing.Faults;
import io.fluxo.testing.TransactionsFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults of the transactions pipeline on the real stack: a server stopped mid-stream and started again, and
 * the driver's JVM halted between the PostgreSQL commit and the Kafka commit of a batch. Afterwards transacoes
 * and alertas_fraude hold exactly the generator's expectation (none missing, none twice), and the fraud-alerts,
 * ledger and DLQ topics hold each record once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransactionsFaultsIT {
    private static final int USERS = 300;
    private static final int BAD_RECORDS = 3;
    private static final String SMALL_BATCHES = "FLUXO_TRANSACTIONS_MAX__OFFSETS__PER__TRIGGER";

    /**
     * PostgreSQL stopped for ~20 s while the pipeline runs. What a user sees: status lines that stop advancing
     * while the sink retries (up to 8 attempts, each waiting up to the 10 s connection time-out), then the
     * pipeline going on where it was once the server is back; if the server stays down longer than the
     * retries, the one line "Pipeline transactions stopped: Cannot write batch N to PostgreSQL at … after 8
     * attempts. Fix the server and run it again: it resumes from its checkpoint", and the same command run
     * again writes the rest, each row once.
     */
    @Test
    @Order(1)
    void postgresStoppedMidStreamThenStartedAgainLosesAndDuplicatesNothing() throws Exception {
        outageMidStream("tx-pg-down", 71, Service.POSTGRES, Duration.ofSeconds(20), "Cannot write batch ");
    }

    /**
     * The Kafka broker stopped (SIGTERM) for ~10 s (~20 s unreachable with its shutdown and start) and started
     * again while the pipeline runs: the source cannot fetch, and the fenced Kafka sink cannot commit. What a
     * user sees: the status lines stall and the query goes on once the broker is back (or, if it stops, one line
     * naming the pipeline and the cause, and the same command run again resumes from its checkpoint); nothing
     * is lost and nothing is written twice.
     */
    @Test
    @Order(2)
    void kafkaBrokerRestartedMidStreamLosesAndDuplicatesNothing() throws Exception {
        outageMidStream("tx-kafka-down", 72, Service.KAFKA, Duration.ofSeconds(10), null);
    }

    /**
     * A crash between the two sinks of one batch: a partition has committed batch 2 to PostgreSQL (its fence row
     * is in fluxo_batches) and the JVM halts before that partition's Kafka fence group commits batch 2 (the
     * test-only hook {@link TransactionsBatchWriter#HALT_AFTER_POSTGRES_BATCH}). What a user sees: the process
     * gone without a word (as after kill -9 or a power cut); the same command run again replays batch 2, the
     * PostgreSQL fence skips the rows already there, the Kafka fence writes the alerts and credits once.
     */
    @Test
    @Order(3)
    void crashBetweenThePostgresCommitAndTheKafkaCommitOfABatchWritesEachRecordOnce() throws Exception {
        long started = System.nanoTime();
        TransactionsFixture f = new TransactionsFixture("tx-crash-between", USERS, Map.of());
        List<TransactionExpectation> expected = produce(f, 3_000, 73);
        long crashBatch = 2;
        Process child = f.startChild(Map.of(SMALL_BATCHES, "500",
                        "JAVA_TOOL_OPTIONS", "-D" + TransactionsBatchWriter.HALT_AFTER_POSTGRES_BATCH + "=" + crashBatch),
                "run", "transactions", "--status-every", "1s");
        int exit = Faults.exitCode(child, Duration.ofMinutes(3), f.log());
        assertThat(exit).as("the child halts at the fault-injection point; see " + f.log())
                .isEqualTo(TransactionsBatchWriter.HALT_EXIT_CODE);

        // The window: some partition's fence row of the batch is in PostgreSQL, its Kafka fence has not moved past it.
        List<String> fencedInPostgres = List.copyOf(f.query(
                "select query_id from fluxo_batches where batch_id = " + crashBatch).keySet());
        assertThat(fencedInPostgres).as("fence rows of batch " + crashBatch + " in fluxo_batches").isNotEmpty();
        Map<String, Long> kafkaFences = kafkaFences(f, fencedInPostgres);
        assertThat(kafkaFences.values()).as("Kafka fences (next batch) of the partitions PostgreSQL committed: " + kafkaFences)
                .anyMatch(next -> next <= crashBatch);
        long rowsAtCrash = f.count("select count(*) from transacoes");
        assertThat(rowsAtCrash).isLessThan(expected.size());

        Process restarted = f.startChild(Map.of(), "run", "transactions", "--available-now");
        assertThat(Faults.exitCode(restarted, Duration.ofMinutes(4), f.log())).as("restart; see " + f.log()).isZero();
        assertExactlyOnce(f, expected, "halt after PostgreSQL commit of batch " + crashBatch + " (fences at crash "
                + kafkaFences + ", " + rowsAtCrash + " rows)", started);
    }

    /** 3,000 transactions in batches of 500 offsets; {@code service} stopped for {@code outage} once 400 rows are in. */
    private static void outageMidStream(String test, long seed, Service service, Duration outage, String stopPrefix)
            throws Exception {
        long started = System.nanoTime();
        TransactionsFixture f = new TransactionsFixture(test, USERS, Map.of());
        List<TransactionExpectation> expected = produce(f, 3_000, seed);
        Process child = f.startChild(Map.of(SMALL_BATCHES, "500"), "run", "transactions", "--status-every", "1s");
        try {
            awaitRows(f, child, 400);
            Faults.outage(service, outage);
            String outcome = finish(f, child, expected, service.toString(), stopPrefix);
            assertExactlyOnce(f, expected, service + " stopped " + outage.toSeconds() + " s (" + outcome + ")", started);
        } finally {
            Faults.kill(child);
        }
    }

    private static List<TransactionExpectation> produce(TransactionsFixture f, int count, long seed) {
        List<TransactionExpectation> expected = f.produce(TransactionsOptions.defaults(count).withUsers(USERS)
                .withFraudRate(0.05).withSeed(seed));
        String topic = TransactionsSettings.of(f.config).topic();
        for (int i = 0; i < BAD_RECORDS; i++) {
            f.send(topic, "bad", "broken " + i);
        }
        return expected;
    }

    private static void awaitRows(TransactionsFixture f, Process child, long rows) {
        Faults.await(Duration.ofMinutes(2), rows + " rows in transacoes before the fault (log " + f.log() + ")",
                () -> !child.isAlive() || count(f, "select count(*) from transacoes") >= rows);
        assertThat(child.isAlive()).as("the pipeline must still run when the fault starts; see " + f.log()).isTrue();
        assertThat(count(f, "select count(*) from transacoes")).as("the fault lands mid-stream").isLessThan(2_000);
    }

    /**
     * After the fault: the child either catches up by itself (then it is stopped) or stops with its one line
     * (then it is run again with --available-now). Returns which.
     */
    private static String finish(TransactionsFixture f, Process child, List<TransactionExpectation> expected,
            String server, String documentedSinkText) throws Exception {
        TransactionsSettings t = TransactionsSettings.of(f.config);
        long suspicious = expected.stream().filter(e -> e.motivo() == Motivo.SUSPEITA_FRAUDE).count();
        long approved = expected.stream().filter(TransactionExpectation::aprovada).count();
        Faults.await(Duration.ofMinutes(3), "the pipeline to catch up after " + server + " came back, or to stop (log "
                + f.log() + ")", () -> !child.isAlive()
                || count(f, "select count(*) from transacoes") == expected.size()
                && f.records(t.alertsTopic()).size() == suspicious && f.records(t.ledgerTopic()).size() == approved
                && f.records(t.dlqTopic()).size() == BAD_RECORDS);
        if (child.isAlive()) {
            Faults.kill(child);
            return "the pipeline rode it out";
        }
        Optional<String> line = Faults.lastPipelineError(f.log());
        assertThat(line).as("the line of a stopped pipeline in " + f.log()).isPresent();
        if (documentedSinkText != null) {
            Faults.assertDocumentedStop(line.get(), "transactions", documentedSinkText);
            assertThat(line.get()).contains(" to PostgreSQL at " + io.fluxo.sink.postgres.PostgresSettings.of(f.config).url() + ": ");
        }
        System.out.println("FAULT child stopped with: " + line.get());
        Process restarted = f.startChild(Map.of(), "run", "transactions", "--available-now");
        assertThat(Faults.exitCode(restarted, Duration.ofMinutes(4), f.log())).as("restart; see " + f.log()).isZero();
        return "stopped with its one line, resumed by a second run";
    }

    private static long count(TransactionsFixture f, String sql) {
        try {
            return f.count(sql);
        } catch (IllegalStateException e) {
            return -1; // the server is down
        }
    }

    /** Fence id → the batch its Kafka fence group expects next (0: none committed). */
    private static Map<String, Long> kafkaFences(TransactionsFixture f, List<String> fenceIds) throws Exception {
        TransactionsSettings t = TransactionsSettings.of(f.config);
        Map<String, Long> next = new HashMap<>();
        try (Admin admin = Admin.create(new HashMap<String, Object>(f.config.kafka().clientProperties()))) {
            for (String fence : fenceIds) {
                String group = "fluxo." + TransactionProcessor.PIPELINE + ".fence." + fence;
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                        .get(new TopicPartition(t.dlqTopic(), 0));
                next.put(fence, committed == null ? 0 : committed.offset());
            }
        }
        return next;
    }

    private static void assertExactlyOnce(TransactionsFixture f, List<TransactionExpectation> expected, String fault,
            long startedNanos) {
        TransactionsSettings t = TransactionsSettings.of(f.config);
        long suspicious = expected.stream().filter(e -> e.motivo() == Motivo.SUSPEITA_FRAUDE).count();
        long approved = expected.stream().filter(TransactionExpectation::aprovada).count();
        Map<String, String> verdicts = f.verdicts();
        long rows = f.count("select count(*) from transacoes");
        long alertRows = f.count("select count(*) from alertas_fraude");
        long distinctAlertRows = f.count("select count(distinct id_transacao) from alertas_fraude");
        List<JsonNode> alerts = f.records(t.alertsTopic());
        List<JsonNode> ledger = f.records(t.ledgerTopic());
        List<JsonNode> letters = f.records(t.dlqTopic());
        long duplicates = (rows - verdicts.size()) + (alertRows - distinctAlertRows)
                + (alerts.size() - alerts.stream().distinct().count()) + (ledger.size() - ledger.stream().distinct().count())
                + (letters.size() - letters.stream().distinct().count());
        System.out.printf("FAULT %s: sent %d transactions + %d bad; transacoes %d, alertas_fraude %d (expected %d),"
                        + " alerts topic %d, ledger topic %d (expected %d), dead letters %d, duplicates %d, %d s%n",
                fault, expected.size(), BAD_RECORDS, rows, alertRows, suspicious, alerts.size(), ledger.size(), approved,
                letters.size(), duplicates, Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());

        assertThat(TransactionsFixture.differences(TransactionsFixture.expected(expected), verdicts))
                .as("transacoes against the expectation (id: expected != actual)").isEmpty();
        assertThat(rows).as("rows of transacoes").isEqualTo(expected.size());
        assertThat(alertRows).as("rows of alertas_fraude").isEqualTo(suspicious);
        assertThat(distinctAlertRows).as("distinct transactions in alertas_fraude").isEqualTo(suspicious);
        assertThat(alerts).as("fraud alerts in Kafka").hasSize((int) suspicious).doesNotHaveDuplicates();
        assertThat(ledger).as("ledger credits in Kafka").hasSize((int) approved).doesNotHaveDuplicates();
        assertThat(letters).as("dead letters").hasSize(BAD_RECORDS).doesNotHaveDuplicates();
    }
}
