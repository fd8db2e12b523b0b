package io.fluxo.pipeline.transactions;

import io.fluxo.banking.SentRecords;
import io.fluxo.banking.RejectReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionExpectationFileTest {
    private static final TransactionExpectation APPROVED = new TransactionExpectation("t1", true, null,
            new BigDecimal("0.1200"));
    private static final TransactionExpectation FRAUD = new TransactionExpectation("t2", false, Motivo.SUSPEITA_FRAUDE,
            new BigDecimal("0.6019"));

    @Test
    void writesOneJsonObjectPerLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/expect.jsonl");
        TransactionExpectationFile.write(file, List.of(APPROVED, FRAUD));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("""
                {"id_transacao":"t1","aprovada":true,"motivo":null,"score_risco":0.1200}
                {"id_transacao":"t2","aprovada":false,"motivo":"SUSPEITA_FRAUDE","score_risco":0.6019}
                {"sent":{"records":2,"transactions":2,"duplicates":0,"invalid":{}}}
                """);
        assertThat(TransactionExpectationFile.read(file)).containsExactly(APPROVED, FRAUD);
    }

    @Test
    void keepsWhatWasSentAndTheCountsOfDuplicatesAndInvalidRecords(@TempDir Path dir) throws Exception {
        TransactionExpectation sent = new TransactionExpectation("t3", true, null, new BigDecimal("0.0500"),
                new io.fluxo.banking.TransactionSent("t3", "SP", "PIX", 1_767_596_400_000L, new BigDecimal("12.30")));
        SentRecords counts = new SentRecords(6, 2, 1, java.util.Map.of(RejectReason.NOT_JSON, 2L,
                RejectReason.EMPTY_PAYLOAD, 1L));
        Path file = dir.resolve("noisy.jsonl");
        TransactionExpectationFile.write(file, List.of(APPROVED, sent), counts);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("""
                {"id_transacao":"t1","aprovada":true,"motivo":null,"score_risco":0.1200}
                {"id_transacao":"t3","aprovada":true,"motivo":null,"score_risco":0.0500,"id_regiao":"SP","modalidade_pagamento":"PIX","data_horario":1767596400000,"valor_transacao":12.30}
                {"sent":{"records":6,"transactions":2,"duplicates":1,"invalid":{"EMPTY_PAYLOAD":1,"NOT_JSON":2}}}
                """);
        TransactionExpectationFile.Contents contents = TransactionExpectationFile.readAll(file);
        assertThat(contents.transactions()).containsExactly(APPROVED, sent);
        assertThat(contents.sent()).isEqualTo(counts);
        assertThatThrownBy(() -> TransactionExpectationFile.write(file, List.of(APPROVED), counts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot write 1 verdicts with counts of 2 transactions");
    }

    @Test
    void aFileWithoutCountsHoldsTransactionsOnlyAndBadCountsAreNamed(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("old.jsonl");
        Files.writeString(old, TransactionExpectationFile.toJsonLine(APPROVED) + "\n" + TransactionExpectationFile.toJsonLine(FRAUD) + "\n");
        assertThat(TransactionExpectationFile.readAll(old).sent()).isEqualTo(SentRecords.clean(2));

        Path wrongTotal = dir.resolve("total.jsonl");
        Files.writeString(wrongTotal, TransactionExpectationFile.toJsonLine(APPROVED)
                + "\n{\"sent\":{\"records\":3,\"transactions\":2,\"duplicates\":1,\"invalid\":{}}}\n");
        assertThatThrownBy(() -> TransactionExpectationFile.readAll(wrongTotal)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read expectation " + wrongTotal + ": it holds 1 transactions, its \"sent\" line says 2");

        Path notAdding = dir.resolve("sum.jsonl");
        Files.writeString(notAdding, "{\"sent\":{\"records\":5,\"transactions\":0,\"duplicates\":1,\"invalid\":{}}}\n");
        assertThatThrownBy(() -> TransactionExpectationFile.readAll(notAdding)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read expectation " + notAdding + " line 1: counts in \"sent\" that do not add up"
                        + " (Invalid record counts: 5 records, 0 transactions, 1 duplicates, invalid {})");

        Path badReason = dir.resolve("reason.jsonl");
        Files.writeString(badReason, "{\"sent\":{\"records\":1,\"transactions\":0,\"duplicates\":0,\"invalid\":{\"ROUBO\":1}}}\n");
        assertThatThrownBy(() -> TransactionExpectationFile.readAll(badReason)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read expectation " + badReason + " line 1: invalid reason in \"sent\": ROUBO");

        Path after = dir.resolve("after.jsonl");
        Files.writeString(after, "{\"sent\":{\"records\":0,\"transactions\":0,\"duplicates\":0,\"invalid\":{}}}\n"
                + TransactionExpectationFile.toJsonLine(APPROVED) + "\n");
        assertThatThrownBy(() -> TransactionExpectationFile.readAll(after)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read expectation " + after + ": lines after its \"sent\" line");
    }

    @Test
    void roundTripsAGeneratedRun(@TempDir Path dir) {
        TransactionsGenerator g = new TransactionsGenerator(TransactionsOptions.defaults(5_000).withFraudRate(0.1),
                RiskWeights.DEFAULTS);
        g.forEachRemaining(t -> { });
        Path file = dir.resolve("expect.jsonl");
        TransactionExpectationFile.write(file, g.expectation());
        assertThat(TransactionExpectationFile.read(file)).isEqualTo(g.expectation());
    }

    @Test
    void readsScoresWrittenWithFewerPlaces() {
        assertThat(TransactionExpectationFile.fromJsonLine(
                "{\"id_transacao\":\"t1\",\"aprovada\":true,\"motivo\":null,\"score_risco\":0.12}")).isEqualTo(APPROVED);
        assertThat(TransactionExpectationFile.fromJsonLine(
                "{\"id_transacao\":\"t1\",\"aprovada\":true,\"score_risco\":0.12,\"extra\":1}")).isEqualTo(APPROVED);
    }

    @Test
    void namesTheFileAndLineOfAMalformedEntry(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, TransactionExpectationFile.toJsonLine(APPROVED) + "\n\n{\"id_transacao\":\"t3\",\"aprovada\":false,"
                + "\"motivo\":\"ROUBO\",\"score_risco\":0.1}\n");
        assertThatThrownBy(() -> TransactionExpectationFile.read(file)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read expectation " + file + " line 3: invalid motivo: \"ROUBO\"");
        assertThatThrownBy(() -> TransactionExpectationFile.fromJsonLine("{\"id_recebivel\":\"r1\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing id_transacao (is this a transactions expectation?)");
        assertThatThrownBy(() -> TransactionExpectationFile.fromJsonLine("{\"id_transacao\":\"t\",\"aprovada\":\"yes\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid aprovada: \"yes\"");
        assertThatThrownBy(() -> TransactionExpectationFile.fromJsonLine(
                "{\"id_transacao\":\"t\",\"aprovada\":true,\"score_risco\":0.12345}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid score_risco: 0.12345 (more than 4 decimal places)");
        assertThatThrownBy(() -> TransactionExpectationFile.fromJsonLine(
                "{\"id_transacao\":\"t\",\"aprovada\":true,\"motivo\":\"LIMITE_EXCEDIDO\",\"score_risco\":0.1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid expectation of t: aprovada=true with motivo LIMITE_EXCEDIDO (a motivo exactly when refused)");
        assertThatThrownBy(() -> TransactionExpectationFile.fromJsonLine("[]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a JSON object");
        Path missing = dir.resolve("missing.jsonl");
        assertThatThrownBy(() -> TransactionExpectationFile.read(missing)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read expectation " + missing
                        + ": no such file (write one with fluxo produce transactions ... --expect FILE)");
    }
}
