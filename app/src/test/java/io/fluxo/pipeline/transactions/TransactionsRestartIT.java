package io.fluxo.pipeline.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxo.testing.TransactionsFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The driver killed (SIGKILL) mid-stream and restarted, then a committed batch replayed: transacoes and
 * alertas_fraude hold exactly one clean run's rows (no duplicate, no double debit), every alert and
 * ledger credit is in Kafka once.
 */
class TransactionsRestartIT {

    @Test
    void hardKillAndReplayedBatchLeaveTablesAndTopicsAsOneCleanRun() throws Exception {
        TransactionsFixture f = new TransactionsFixture("tx-restart", 400, Map.of());
        List<TransactionExpectation> expected = f.produce(TransactionsOptions.defaults(8_000).withUsers(400).withFraudRate(0.05));
        String topic = TransactionsSettings.of(f.config).topic();
        for (int i = 0; i < 5; i++) {
            f.send(topic, "bad", "broken " + i);
        }

        Process child = f.startChild(Map.of("FLUXO_TRANSACTIONS_MAX__OFFSETS__PER__TRIGGER", "400"),
                "run", "transactions", "--status-every", "1s");
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !child.isAlive() || f.count("select count(*) from transacoes") >= 800);
            assertThat(child.isAlive()).as("the pipeline must still be running when it is killed").isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(f.count("select count(*) from transacoes")).isLessThan(expected.size());

        Process restarted = f.startChild(Map.of(), "run", "transactions", "--available-now");
        assertThat(restarted.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(restarted.exitValue()).isZero();

        Map<String, String> expectedRows = TransactionsFixture.expected(expected);
        assertThat(TransactionsFixture.differences(expectedRows, f.verdicts())).isEmpty();
        long suspicious = expected.stream().filter(e -> e.motivo() == Motivo.SUSPEITA_FRAUDE).count();
        long approved = expected.stream().filter(TransactionExpectation::aprovada).count();
        assertThat(f.count("select count(*) from alertas_fraude")).isEqualTo(suspicious);
        assertThat(f.records(TransactionsSettings.of(f.config).alertsTopic())).hasSize((int) suspicious);
        assertThat(f.records(TransactionsSettings.of(f.config).ledgerTopic())).hasSize((int) approved);
        assertThat(f.records(TransactionsSettings.of(f.config).dlqTopic())).hasSize(5);

        // One more batch, committed, then its commit file deleted: Spark replays it against the fences.
        List<TransactionExpectation> more = f.produce(TransactionsOptions.defaults(500).withUsers(400).withSeed(43));
        f.send(topic, "bad", "broken late");
        f.drain();
        Map<String, String> transacoes = f.table("transacoes");
        Map<String, String> alertas = f.table("alertas_fraude");
        Map<String, String> fences = f.table("fluxo_batches");
        int ledger = f.records(TransactionsSettings.of(f.config).ledgerTopic()).size();
        int alertsTopic = f.records(TransactionsSettings.of(f.config).alertsTopic()).size();

        Path lastCommit = lastCommitFile(f.checkpoint());
        Files.delete(lastCommit);
        Files.deleteIfExists(lastCommit.resolveSibling("." + lastCommit.getFileName() + ".crc"));
        f.drain();

        assertThat(lastCommit).as("the replayed batch commits again").exists();
        assertThat(f.table("transacoes")).isEqualTo(transacoes);
        assertThat(f.table("alertas_fraude")).isEqualTo(alertas);
        assertThat(f.table("fluxo_batches")).isEqualTo(fences);
        assertThat(f.records(TransactionsSettings.of(f.config).ledgerTopic())).hasSize(ledger);
        assertThat(f.records(TransactionsSettings.of(f.config).alertsTopic())).hasSize(alertsTopic);
        assertThat(f.records(TransactionsSettings.of(f.config).dlqTopic())).hasSize(6);
        // The second run's own expectation assumed fresh payers; here the payers carry the first run's history.
        assertThat(f.verdicts()).containsKeys(more.stream().map(TransactionExpectation::idTransacao).toArray(String[]::new));
    }

    static Path lastCommitFile(Path checkpoint) throws IOException {
        try (Stream<Path> commits = Files.list(checkpoint.resolve("commits"))) {
            return commits.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString())))
                    .orElseThrow();
        }
    }
}
