package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Regions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.testing.TransactionsFixture;
import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Balance rules across payer and receiver keys (credits through the ledger), a redelivered transaction
 * debited once, and every class of bad input in the DLQ while the good transactions of the same batch
 * are written.
 */
class TransactionsRulesIT {
    private static final long NOON = ZonedDateTime.of(2026, 3, 2, 12, 0, 0, 0, ZoneId.of("America/Sao_Paulo"))
            .toInstant().toEpochMilli();

    private static String tx(String id, String payer, String receiver, String amount, int minute) {
        return "{\"id_transacao\":\"" + id + "\",\"id_usuario_pagador\":\"" + payer + "\",\"id_usuario_recebedor\":\""
                + receiver + "\",\"id_regiao\":\"SP\",\"modalidade_pagamento\":\"PIX\",\"data_horario\":"
                + (NOON + minute * 60_000L) + ",\"valor_transacao\":" + amount + "}";
    }

    private static UserSeed.User user(String id, String saldo) {
        BigDecimal high = new BigDecimal("10000.00");
        return new UserSeed.User(id, "Teste " + id, "SP", new BigDecimal(saldo), high, high, high, high);
    }

    @Test
    void balancesHoldAcrossKeysDuplicatesDebitOnceAndBadInputIsDeadLettered() throws Exception {
        TransactionsFixture f = new TransactionsFixture("tx-rules", 10, Map.of());
        ReferenceData.upsert(f.dataSource(), Regions.all(),
                List.of(user("pA", "100.00"), user("pB", "50.00"), user("pC", "0.00"), user("pD", "50.00")));
        String topic = TransactionsSettings.of(f.config).topic();

        f.send(topic, "pA", tx("t1", "pA", "pB", "80.00", 0));
        f.send(topic, "pA", tx("t1", "pA", "pB", "80.00", 0));            // redelivered: one debit
        f.send(topic, "pA", tx("t2", "pA", "pC", "30.00", 20));           // 30 > 20 left
        f.send(topic, "pB", tx("t3", "pB", "pC", "100.00", 25));          // B's credit has not arrived yet
        f.send(topic, "pA", tx("t4", "pA", "pC", "20.00", 40));           // exactly the balance: approved
        f.send(topic, "pD", tx("t7", "pD", "ghost", "5.00", 41));         // approved; its receiver is in no usuarios row
        Map<String, String> bad = new TreeMap<>();
        bad.put("not json", "NOT_JSON");
        bad.put("{\"id_transacao\":\"b1\",\"id_usuario_pagador\":\"pA\"}", "MISSING_FIELD");
        bad.put(tx("b2", "pA", "pB", "1.00", 1).replace("PIX", "CHEQUE"), "UNKNOWN_MODALITY");
        bad.put(tx("b3", "pA", "pB", "-1.00", 1), "INVALID_AMOUNT");
        bad.put(tx("b4", "pA", "pB", "0", 1), "INVALID_AMOUNT");
        bad.put(tx("b5", "pA", "pB", "\"dez\"", 1), "INVALID_AMOUNT");
        bad.put(tx("b6", "pA", "pB", "1.00", 1).replace("\"SP\"", "\"XX\""), "UNKNOWN_REGION");
        bad.put(tx("b7", "pA", "pA", "1.00", 1), "SAME_PAYER_AND_RECEIVER");
        bad.put(tx("b8", "nobody", "pA", "1.00", 1), "UNKNOWN_PAYER");
        bad.forEach((value, reason) -> f.send(topic, "x", value));

        f.drain();   // verdicts; the credit of t1 goes to the ledger
        f.drain();   // the credit of t1 reaches pB: 50 + 80 = 130; the credit of t7 finds no receiver
        String ledger = TransactionsSettings.of(f.config).ledgerTopic();
        String orphan = new LedgerCredit("t7", "pD", "ghost", new BigDecimal("5.00"), NOON + 41 * 60_000L).toJson();

        f.send(topic, "pB", tx("t5", "pB", "pC", "120.00", 60));          // only possible with the credit
        f.send(topic, "pB", tx("t6", "pB", "pC", "10.01", 61));           // 10.00 left
        f.drain();

        Map<String, String> verdicts = f.query("select id_transacao, aprovada || '|' || coalesce(motivo, '') from transacoes");
        assertThat(verdicts).containsExactlyInAnyOrderEntriesOf(Map.of(
                "t1", "true|", "t2", "false|SALDO_INSUFICIENTE", "t3", "false|SALDO_INSUFICIENTE", "t4", "true|",
                "t5", "true|", "t6", "false|SALDO_INSUFICIENTE", "t7", "true|"));
        assertThat(f.count("select count(*) from transacoes where id_transacao = 't1'")).isEqualTo(1);

        List<JsonNode> credits = f.records(TransactionsSettings.of(f.config).ledgerTopic());
        assertThat(credits).extracting(c -> c.get("id_transacao").asText() + "=" + c.get("valor").decimalValue().toPlainString())
                .containsExactlyInAnyOrder("t1=80.00", "t4=20.00", "t5=120.00", "t7=5.00");

        List<JsonNode> letters = f.records(TransactionsSettings.of(f.config).dlqTopic());
        Map<String, String> reasons = letters.stream().collect(Collectors.toMap(l -> l.get("value").asText(),
                l -> l.get("reason").asText(), (a, b) -> a + "," + b, TreeMap::new));
        Map<String, String> expectedReasons = new TreeMap<>(bad);
        expectedReasons.put(orphan, "UNKNOWN_RECEIVER");
        assertThat(reasons).isEqualTo(expectedReasons);
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.get("pipeline").asText()).isEqualTo("transactions");
            assertThat(l.get("topic").asText()).isEqualTo(l.get("reason").asText().equals("UNKNOWN_RECEIVER") ? ledger : topic);
            assertThat(l.get("error").asText()).isNotBlank();
        });
        assertThat(letters).filteredOn(l -> l.get("reason").asText().equals("UNKNOWN_RECEIVER")).singleElement()
                .satisfies(l -> {
                    assertThat(l.get("key").asText()).isEqualTo("ghost");
                    assertThat(l.get("error").asText()).isEqualTo("Credit of t7 for unknown receiver ghost (not in"
                            + " usuarios; add the user, then send the credit again from the DLQ's raw value)");
                });
    }
}
