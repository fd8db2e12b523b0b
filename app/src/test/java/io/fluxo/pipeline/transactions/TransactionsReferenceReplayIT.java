package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Modality;
import io.fluxo.banking.Transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.pipeline.FaultPoint;
import io.fluxo.testing.Faults;
import io.fluxo.testing.TransactionsFixture;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch replayed after a crash decides with the reference data its first attempt read, even when usuarios
 * changed in between; the batches after it read the new data. Without that, the replay's verdicts (written to
 * PostgreSQL by one partition, to Kafka by another) would disagree with the first attempt's.
 */
class TransactionsReferenceReplayIT {

    @Test
    void aReplayedBatchDecidesWithItsFirstAttemptsReferenceDataAndTheNextBatchWithTheNewData() throws Exception {
        TransactionsFixture f = new TransactionsFixture("tx-reference-replay", 400, Map.of());
        // Payers among u000001..u000100 only: every one of them is first seen, and looked up, in batch 0.
        List<TransactionExpectation> expected = f.produce(TransactionsOptions.defaults(600).withUsers(100).withSeed(81));
        TransactionsSettings t = TransactionsSettings.of(f.config);

        Process child = f.startChild(Faults.haltAt(FaultPoint.AFTER_POSTGRES, 0), "run", "transactions",
                "--status-every", "1s");
        Faults.assertHaltedBeforeCommit(Faults.exitCode(child, Duration.ofMinutes(5), f.log()), f.checkpoint(), 0, f.log());
        assertThat(f.count("select count(*) from fluxo_batch_reference where batch_id = 0"))
                .as("the reference version batch 0 read is pinned").isEqualTo(1);

        // Between the two attempts every user loses balance and limits: read live, this refuses every payment.
        f.execute("update usuarios set saldo = 0, limite_pix = 0, limite_ted = 0, limite_doc = 0, limite_boleto = 0");

        Process restarted = f.startChild(Map.of(), "run", "transactions", "--available-now");
        assertThat(Faults.exitCode(restarted, Duration.ofMinutes(5), f.log())).as("restart; see " + f.log()).isZero();

        assertThat(TransactionsFixture.differences(TransactionsFixture.expected(expected), f.verdicts()))
                .as("verdicts of the replayed batch: as decided with the users before the change").isEmpty();
        long approved = expected.stream().filter(TransactionExpectation::aprovada).count();
        long suspicious = expected.stream().filter(e -> e.motivo() == Motivo.SUSPEITA_FRAUDE).count();
        assertThat(approved).isGreaterThan(400);
        assertThat(f.records(t.ledgerTopic())).as("one credit per approved payment").hasSize((int) approved);
        assertThat(f.records(t.alertsTopic())).hasSize((int) suspicious);
        assertThat(f.count("select count(*) from alertas_fraude")).isEqualTo(suspicious);

        // A payer first seen after the change is decided with the new data: no balance left.
        Transaction after = Transaction.of("tx-after-the-change", "u000399", "u000398", "SP", Modality.PIX,
                1_767_596_400_000L, new BigDecimal("10.00"));
        f.sendBytes(t.topic(), "u000399".getBytes(StandardCharsets.UTF_8), TransactionPayloads.json(after));
        f.drain();
        assertThat(f.query("select id_transacao, aprovada || '|' || motivo from transacoes"
                + " where id_transacao = 'tx-after-the-change'")).containsExactly(
                Map.entry("tx-after-the-change", "false|SALDO_INSUFICIENTE"));
        Map<String, String> pins = f.query("select batch_id, versao from fluxo_batch_reference order by batch_id");
        long first = Long.parseLong(pins.get("0"));
        long last = pins.entrySet().stream().filter(e -> !e.getKey().equals("0"))
                .mapToLong(e -> Long.parseLong(e.getValue())).max().orElseThrow();
        assertThat(last).as("pins " + pins + ": a later batch reads a later version").isGreaterThan(first);
    }
}
