package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Regions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.testing.PipelineFixture;
import io.fluxo.testing.TransactionsFixture;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A transaction PostgreSQL refuses after the parser let it through (here an id over the btree maximum, the
 * parser's cap raised past it) goes to the DLQ as SINK_REJECTED with the server's message; every other row of
 * the batch is written, its verdict stands (the payer is debited, the credit sent), and a replay of the batch
 * writes nothing twice.
 */
class TransactionsSinkRejectedIT {

    private static String tx(String id, String payer, String receiver, String amount, int minute) {
        return "{\"id_transacao\":\"" + id + "\",\"id_usuario_pagador\":\"" + payer + "\",\"id_usuario_recebedor\":\""
                + receiver + "\",\"id_regiao\":\"SP\",\"modalidade_pagamento\":\"PIX\",\"data_horario\":"
                + (1_772_463_600_000L + minute * 60_000L) + ",\"valor_transacao\":" + amount + "}";
    }

    private static UserSeed.User user(String id, String saldo) {
        BigDecimal high = new BigDecimal("10000.00");
        return new UserSeed.User(id, "Teste " + id, "SP", new BigDecimal(saldo), high, high, high, high);
    }

    @Test
    void aTransactionPostgresqlRefusesIsDeadLetteredAndTheRestOfTheBatchIsWritten() throws Exception {
        TransactionsFixture f = new TransactionsFixture("tx-sinkrejected", 10,
                Map.of("FLUXO_TRANSACTIONS_MAX__ID__BYTES", "60000"));
        ReferenceData.upsert(f.dataSource(), Regions.all(), List.of(user("pA", "100.00"), user("pB", "0.00")));
        TransactionsSettings t = TransactionsSettings.of(f.config);
        // Random letters do not compress below the 2704 bytes a btree index row holds.
        String longId = new Random(11).ints(8000, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();

        f.send(t.topic(), "pA", tx("ok-1", "pA", "pB", "10.00", 0));
        f.send(t.topic(), "pA", tx(longId, "pA", "pB", "20.00", 1));
        f.send(t.topic(), "pA", tx("ok-2", "pA", "pB", "30.00", 2));
        f.send(t.topic(), "pA", tx("ok-3", "pA", "pB", "50.00", 3));    // 100 - 10 - 20 - 30 = 40 left
        f.drain();

        assertThat(f.query("select id_transacao, aprovada || '|' || coalesce(motivo, '') from transacoes"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("ok-1", "true|", "ok-2", "true|", "ok-3", "false|SALDO_INSUFICIENTE"));
        // The verdict of the refused transaction stands: its credit is sent like the others.
        assertThat(f.records(t.ledgerTopic())).extracting(c -> c.get("valor").decimalValue().toPlainString())
                .containsExactlyInAnyOrder("10.00", "20.00", "30.00");

        List<JsonNode> letters = f.records(t.dlqTopic());
        assertThat(letters).hasSize(1);
        JsonNode letter = letters.get(0);
        assertThat(letter.get("reason").asText()).isEqualTo("SINK_REJECTED");
        assertThat(letter.get("pipeline").asText()).isEqualTo("transactions");
        assertThat(letter.get("topic").asText()).isEqualTo(t.topic());
        assertThat(letter.get("error").asText()).startsWith("PostgreSQL refused transaction " + longId.substring(0, 100) + "... (8000 characters) (54000 index row size ")
                .contains("transacoes_pkey").contains("): not written to transacoes. ")
                .endsWith("The verdict stands (approved: the payer was debited and the receiver's credit sent)");
        assertThat(letter.get("key").asText()).isEqualTo(longId);
        JsonNode row = PipelineFixture.json(letter.get("value").asText()).get("transacoes");
        assertThat(row.get("id_transacao").asText()).isEqualTo(longId);
        assertThat(row.get("valor_transacao").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(row.get("aprovada").asBoolean()).isTrue();
        assertThat(row.get("kafka_offset").asLong()).isEqualTo(letter.get("offset").asLong());

        // The batch again, its commit file deleted: nothing is written or sent twice.
        Map<String, String> transacoes = f.table("transacoes");
        Path lastCommit = TransactionsRestartIT.lastCommitFile(f.checkpoint());
        Files.delete(lastCommit);
        Files.deleteIfExists(lastCommit.resolveSibling("." + lastCommit.getFileName() + ".crc"));
        f.drain();
        assertThat(lastCommit).as("the replayed batch commits again").exists();
        assertThat(f.table("transacoes")).isEqualTo(transacoes);
        assertThat(f.records(t.dlqTopic())).hasSize(1);
        assertThat(f.records(t.ledgerTopic())).hasSize(3);
        assertThat(f.count("select count(*) from fluxo_batch_refusals")).isEqualTo(1);
    }

    /**
     * A ledger credit over its topic's max.message.bytes would abort the batch's Kafka transaction on every replay:
     * it goes to the DLQ as SINK_REJECTED instead, with the credit as its raw value; the transaction's row and every
     * other credit are written, and a replay writes nothing twice.
     */
    @Test
    void aCreditOverItsTopicsMaxMessageBytesIsDeadLetteredAndTheOthersAreSent() throws Exception {
        TransactionsFixture f = new TransactionsFixture("tx-kafka-too-large", 10,
                Map.of("FLUXO_TRANSACTIONS_MAX__ID__BYTES", "4000"));
        String longReceiver = "r".repeat(1_200);
        ReferenceData.upsert(f.dataSource(), Regions.all(),
                List.of(user("pA", "100.00"), user("pB", "0.00"), user(longReceiver, "0.00")));
        TransactionsSettings t = TransactionsSettings.of(f.config);
        try (Admin admin = Admin.create(new HashMap<String, Object>(f.config.kafka().clientProperties()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, t.ledgerTopic()),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1000"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }

        f.send(t.topic(), "pA", tx("small-1", "pA", "pB", "10.00", 0));
        f.send(t.topic(), "pA", tx("to-long-receiver", "pA", longReceiver, "20.00", 1));
        f.send(t.topic(), "pA", tx("small-2", "pA", "pB", "30.00", 2));
        f.drain();

        assertThat(f.query("select id_transacao, aprovada || '|' || coalesce(motivo, '') from transacoes"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("small-1", "true|", "to-long-receiver", "true|", "small-2", "true|"));
        assertThat(f.records(t.ledgerTopic())).extracting(c -> c.get("valor").decimalValue().toPlainString())
                .containsExactlyInAnyOrder("10.00", "30.00");
        List<JsonNode> letters = f.records(t.dlqTopic());
        assertThat(letters).hasSize(1);
        JsonNode letter = letters.get(0);
        assertThat(letter.get("reason").asText()).isEqualTo("SINK_REJECTED");
        assertThat(letter.get("key").asText()).isEqualTo("to-long-receiver");
        assertThat(letter.get("topic").asText()).isEqualTo(t.topic());
        assertThat(letter.get("error").asText()).startsWith("Kafka refused the ledger credit of transaction to-long-receiver"
                + " for " + t.ledgerTopic() + ": ").contains(" bytes, over the limit of 1000 bytes (max.request.size, or the"
                + " topic's max.message.bytes). The verdict stands (approved)");
        JsonNode credit = PipelineFixture.json(letter.get("value").asText());
        assertThat(credit.get("valor").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(credit.toString()).contains(longReceiver);

        Path lastCommit = TransactionsRestartIT.lastCommitFile(f.checkpoint());
        Files.delete(lastCommit);
        Files.deleteIfExists(lastCommit.resolveSibling("." + lastCommit.getFileName() + ".crc"));
        f.drain();
        assertThat(lastCommit).as("the replayed batch commits again").exists();
        assertThat(f.records(t.dlqTopic())).hasSize(1);
        assertThat(f.records(t.ledgerTopic())).hasSize(2);
        assertThat(f.count("select count(*) from transacoes")).isEqualTo(3);
    }
}
