package io.fluxo.pipeline.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.pipeline.FaultPoint;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.stack.Service;
import io.fluxo.testing.Faults;
import io.fluxo.testing.TransactionsFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults of the transactions pipeline on the real stack: PostgreSQL killed mid-stream (an immediate shutdown, which
 * needs crash recovery) for ~30 s and started again, the Kafka broker killed and started again, and the driver's JVM
 * halted between the PostgreSQL commit and the Kafka commit of a batch. Afterwards transacoes and alertas_fraude hold
 * exactly the generator's expectation (none missing, none twice), and the fraud-alerts, ledger and DLQ topics hold
 * each record once. Each test prints one FAULT line with what it sent and found.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransactionsFaultsIT {
    private static final int USERS = 300;
    private static final int BAD_RECORDS = 3;
    private static final String SMALL_BATCHES = "FLUXO_TRANSACTIONS_MAX__OFFSETS__PER__TRIGGER";
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    /**
     * PostgreSQL killed for ~30 s while the pipeline runs. What a user sees: status lines that stop advancing while
     * the sink retries, then the pipeline going on where it was once the server is back; or, if the server stays
     * down longer than the retries, the one line "fluxo: Pipeline transactions stopped: Cannot write batch N to
     * PostgreSQL at …: … Fix the server and run it again: it resumes from its checkpoint", and the same command run
     * again writes the rest, each row once.
     */
    @Test
    @Order(1)
    void postgresKilledMidStreamThenStartedAgainLosesAndDuplicatesNothing() throws Exception {
        outageMidStream("tx-pg-down", 71, Service.POSTGRES, OUTAGE, "Cannot write batch ");
    }

    /**
     * The Kafka broker killed (SIGKILL) and started again at once while the pipeline runs: the source cannot fetch,
     * and the fenced Kafka sink cannot commit. What a user sees: the status lines stall and the query goes on once
     * the broker is back (or, if it stops, its one line, and the same command run again resumes from its
     * checkpoint); nothing is lost and nothing is written twice.
     */
    @Test
    @Order(2)
    void kafkaBrokerRestartedMidStreamLosesAndDuplicatesNothing() throws Exception {
        outageMidStream("tx-kafka-down", 72, Service.KAFKA, Duration.ZERO, "");
    }

    /**
     * A crash between the two sinks of one batch: a partition has committed batch 2 to PostgreSQL (its fence row
     * is in fluxo_batches) and the JVM halts before that partition's Kafka fence group commits batch 2 (the
     * test-only fault point {@link FaultPoint#AFTER_POSTGRES}). What a user sees: the process gone without a word
     * (as after kill -9 or a power cut); the same command run again replays batch 2, the PostgreSQL fence skips the
     * rows already there, the Kafka fence writes the alerts and credits once.
     */
    @Test
    @Order(3)
    void crashBetweenThePostgresCommitAndTheKafkaCommitOfABatchWritesEachRecordOnce() throws Exception {
        long started = System.nanoTime();
        TransactionsFixture f = new TransactionsFixture("tx-crash-between", USERS, Map.of());
        List<TransactionExpectation> expected = produce(f, 3_000, 73);
        long crashBatch = 2;
        Map<String, String> env = new HashMap<>(Faults.haltAt(FaultPoint.AFTER_POSTGRES, crashBatch));
        env.put(SMALL_BATCHES, "500");
        Process child = f.startChild(env, "run", "transactions", "--status-every", "1s");
        Faults.assertHaltedBeforeCommit(Faults.exitCode(child, Duration.ofMinutes(5), f.log()), f.checkpoint(),
                crashBatch, f.log());

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
        assertThat(Faults.exitCode(restarted, Duration.ofMinutes(5), f.log())).as("restart; see " + f.log()).isZero();
        String fences = new TreeMap<>(kafkaFences).entrySet().stream()
                .map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + " at batch " + e.getValue())
                .collect(Collectors.joining(", "));
        assertExactlyOnce(f, expected, "transactions, halt between the PostgreSQL and the Kafka commit of batch "
                + crashBatch + " (exit " + FaultPoint.HALT_EXIT_CODE + "; " + rowsAtCrash + " rows in, Kafka fences "
                + fences + ")", "stopped by the crash, resumed by a second run", started);
    }

    /** 3,000 transactions in batches of 500 offsets; {@code service} killed for {@code down} once 400 rows are in. */
    private static void outageMidStream(String test, long seed, Service service, Duration down, String stopText)
            throws Exception {
        long started = System.nanoTime();
        TransactionsFixture f = new TransactionsFixture(test, USERS, Map.of());
        List<TransactionExpectation> expected = produce(f, 3_000, seed);
        Process child = f.startChild(Map.of(SMALL_BATCHES, "500"), "run", "transactions", "--status-every", "1s");
        try {
            awaitRows(f, child, 400);
            Faults.Outage outage = Faults.outage(service, down);
            String outcome = finish(f, child, expected, service.toString(), stopText);
            assertExactlyOnce(f, expected, "transactions, " + outage.describe(), outcome, started);
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
            String server, String stopText) throws Exception {
        TransactionsSettings t = TransactionsSettings.of(f.config);
        long suspicious = expected.stream().filter(e -> e.motivo() == Motivo.SUSPEITA_FRAUDE).count();
        long approved = expected.stream().filter(TransactionExpectation::aprovada).count();
        Faults.await(Duration.ofMinutes(5), "the pipeline to catch up after " + server + " came back, or to stop (log "
                + f.log() + ")", () -> !child.isAlive()
                || count(f, "select count(*) from transacoes") == expected.size()
                && f.records(t.alertsTopic()).size() == suspicious && f.records(t.ledgerTopic()).size() == approved
                && f.records(t.dlqTopic()).size() == BAD_RECORDS);
        if (child.isAlive()) {
            Faults.kill(child);
            return Faults.RODE_IT_OUT;
        }
        Optional<String> line = Faults.lastPipelineError(f.log());
        assertThat(line).as("the line of a stopped pipeline in " + f.log()).isPresent();
        System.out.println("stop line (transactions, " + server + "): " + line.get());
        Faults.assertDocumentedStop(line.get(), "transactions", stopText);
        if (server.equals(Service.POSTGRES.toString())) {
            assertThat(line.get()).contains(" to PostgreSQL at " + PostgresSettings.of(f.config).url() + ": ");
        }
        Process restarted = f.startChild(Map.of(), "run", "transactions", "--available-now");
        assertThat(Faults.exitCode(restarted, Duration.ofMinutes(5), f.log())).as("restart; see " + f.log()).isZero();
        return Faults.STOPPED_AND_RESUMED;
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
            String outcome, long startedNanos) {
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
        System.out.printf(Locale.ROOT, "FAULT %s: sent %d transactions + %d bad records, written (found/expected)"
                        + " PostgreSQL transacoes %d/%d and alertas_fraude %d/%d, Kafka fraud alerts %d/%d and ledger"
                        + " credits %d/%d, dead letters %d/%d, duplicates %d, outcome %s, %s%n",
                fault, expected.size(), BAD_RECORDS, rows, expected.size(), alertRows, suspicious, alerts.size(),
                suspicious, ledger.size(), approved, letters.size(), BAD_RECORDS, duplicates, outcome,
                Faults.since(startedNanos));

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
