package io.fluxo.banking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What was sent, read from a transactions expectation file whatever else its lines hold. */
class SentFileTest {
    @TempDir
    Path dir;

    @Test
    void readsEachTransactionAsSentAndTheCountsIgnoringTheVerdicts() throws Exception {
        Path file = dir.resolve("tx.jsonl");
        Files.writeString(file, """
                {"id_transacao":"t1","aprovada":true,"motivo":null,"score_risco":0.0500,"id_regiao":"SP","modalidade_pagamento":"PIX","data_horario":1767596400000,"valor_transacao":12.3}
                {"id_transacao":"t2","aprovada":false,"motivo":"SUSPEITA_FRAUDE","score_risco":0.7000,"id_regiao":"RJ","modalidade_pagamento":"TED","data_horario":1767596461000,"valor_transacao":1000.05}
                {"sent":{"records":5,"transactions":2,"duplicates":1,"invalid":{"NOT_JSON":2}}}
                """);
        SentFile.Contents c = SentFile.read(file);
        assertThat(c.transactions()).containsExactly(
                new TransactionSent("t1", "SP", "PIX", 1_767_596_400_000L, new BigDecimal("12.30")),
                new TransactionSent("t2", "RJ", "TED", 1_767_596_461_000L, new BigDecimal("1000.05")));
        assertThat(c.sent()).isEqualTo(new SentRecords(5, 2, 1, Map.of(RejectReason.NOT_JSON, 2L)));
    }

    @Test
    void aFileWithoutWhatWasSentOrWithCountsThatDisagreeIsRefusedWithWhatToDo() throws Exception {
        Path old = dir.resolve("old.jsonl");
        Files.writeString(old, "{\"id_transacao\":\"t1\",\"aprovada\":true,\"motivo\":null,\"score_risco\":0.0500}\n");
        assertThatThrownBy(() -> SentFile.read(old)).isInstanceOf(UserException.class)
                .hasMessageContaining("earlier version").hasMessageContaining(SentFile.HOW_TO_WRITE);

        Path wrong = dir.resolve("wrong.jsonl");
        Files.writeString(wrong, """
                {"id_transacao":"t1","id_regiao":"SP","modalidade_pagamento":"PIX","data_horario":1,"valor_transacao":1}
                {"sent":{"records":2,"transactions":2,"duplicates":0,"invalid":{}}}
                """);
        assertThatThrownBy(() -> SentFile.read(wrong)).isInstanceOf(UserException.class)
                .hasMessageContaining("holds 1 transactions, its \"sent\" line says 2");

        Path cents = dir.resolve("cents.jsonl");
        Files.writeString(cents, "{\"id_transacao\":\"t1\",\"id_regiao\":\"SP\",\"modalidade_pagamento\":\"PIX\","
                + "\"data_horario\":1,\"valor_transacao\":1.001}\n");
        assertThatThrownBy(() -> SentFile.read(cents)).isInstanceOf(UserException.class)
                .hasMessageContaining("line 1").hasMessageContaining("more than 2 decimal places");
    }
}
