package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.testing.ReceivablesFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Restart safety: the driver is killed (SIGKILL) mid-stream and restarted from its checkpoint; then a
 * committed batch is made to replay by deleting its commit file. Each time the sinks must hold exactly
 * what one clean run writes: every document and history item, and each dead letter once.
 */
class ReceivablesRestartIT {
    private static final int BAD_RECORDS = 12;

    @Test
    void hardKillMidStreamThenRestartAndReplayOfACommittedBatchLeaveTheSinksAsOneCleanRun() throws Exception {
        ReceivablesFixture f = new ReceivablesFixture("restart");
        List<ReceivableExpectation> expected = f.produce(ReceivablesOptions.defaults(4_000).withSeed(11)
                .withOutOfOrderRate(0.05).withDuplicateRate(0.05));
        String agendados = ReceivablesSettings.of(f.config).agendadosTopic();
        for (int i = 0; i < BAD_RECORDS; i++) {
            f.send(agendados, "bad-" + i, "{\"id_recebivel\":\"bad-" + i + "\",\"tipo_evento\":\"agendado\"}");
        }

        // Small batches, so that the kill lands between batches that have already written to the sinks.
        Process child = f.startChild(Map.of("FLUXO_RECEIVABLES_MAX__OFFSETS__PER__TRIGGER", "250"),
                "run", "receivables", "--status-every", "1s");
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !child.isAlive() || f.documents().size() >= 200);
            assertThat(child.isAlive()).as("the pipeline must still be running when it is killed").isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        int documentsAtKill = f.documents().size();
        assertThat(documentsAtKill).isLessThan(expected.size());

        // Restart from the checkpoint in another process, to the end of what Kafka holds.
        Process restarted = f.startChild(Map.of(), "run", "receivables", "--available-now");
        assertThat(restarted.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(restarted.exitValue()).isZero();

        assertThat(f.verify(expected).mismatches()).isEmpty();
        assertThat(f.documents()).hasSize(expected.size());
        List<JsonNode> letters = f.deadLetters();
        assertThat(letters).hasSize(BAD_RECORDS);
        assertThat(letters).extracting(l -> l.get("partition").asInt() + "/" + l.get("offset").asLong()).doesNotHaveDuplicates();

        // A batch with good and bad records, committed, then its commit file deleted: Spark replays it.
        List<ReceivableExpectation> more = f.produce(ReceivablesOptions.defaults(300).withSeed(12));
        for (int i = 0; i < 3; i++) {
            f.send(agendados, "late-bad-" + i, "not json " + i);
        }
        f.drain();
        Map<String, JsonNode> documents = f.documents();
        Map<String, Long> versions = f.versions();
        Map<String, Map<String, String>> history = f.historyItems();
        assertThat(f.deadLetters()).hasSize(BAD_RECORDS + 3);

        Path lastCommit = f.uncommitLastBatch();
        f.drain();

        assertThat(lastCommit).as("the replayed batch commits again").exists();
        assertThat(f.documents()).isEqualTo(documents);
        assertThat(f.versions()).isEqualTo(versions);
        assertThat(f.historyItems()).isEqualTo(history);
        assertThat(f.deadLetters()).hasSize(BAD_RECORDS + 3);
        assertThat(f.verify(more).mismatches()).isEmpty();
    }
}
