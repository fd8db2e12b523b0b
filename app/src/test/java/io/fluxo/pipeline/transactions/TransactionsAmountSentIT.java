package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Regions;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.testing.TransactionsFixture;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DESIGN "Amounts" under fluxo.amounts.sub-cent = round-half-even: transacoes keeps the rounded amount and, beside
 * it in valor_enviado, the value as sent; null when nothing was rounded (whole cents, float noise).
 */
class TransactionsAmountSentIT {

    private static String tx(String id, String amount, int minute) {
        return "{\"id_transacao\":\"" + id + "\",\"id_usuario_pagador\":\"pA\",\"id_usuario_recebedor\":\"pB\","
                + "\"id_regiao\":\"SP\",\"modalidade_pagamento\":\"PIX\",\"data_horario\":"
                + (1_772_463_600_000L + minute * 60_000L) + ",\"valor_transacao\":" + amount + "}";
    }

    @Test
    void roundedAmountsKeepTheValueAsSentBesideTheCent() throws Exception {
        TransactionsFixture f = new TransactionsFixture("tx-amount-sent", 0, Map.of("FLUXO_AMOUNTS_SUB__CENT",
                "round-half-even"));
        BigDecimal high = new BigDecimal("100000.00");
        ReferenceData.upsert(f.dataSource(), Regions.all(), List.of(
                new UserSeed.User("pA", "Pagador", "SP", high, high, high, high, high),
                new UserSeed.User("pB", "Recebedor", "SP", high, high, high, high, high)));
        String topic = TransactionsSettings.of(f.config).topic();
        f.send(topic, "pA", tx("sub-cent", "3252.2412345678", 0));
        f.send(topic, "pA", tx("tie-to-even", "10.005", 1));
        f.send(topic, "pA", tx("float-noise", "7937.860000000001", 2));
        f.send(topic, "pA", tx("whole-cents", "12.50", 3));

        f.drain();

        assertThat(f.query("select id_transacao, valor_transacao || ' ' || coalesce(valor_enviado, '-') from transacoes"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "sub-cent", "3252.24 3252.2412345678",
                        "tie-to-even", "10.00 10.005",
                        "float-noise", "7937.86 -",
                        "whole-cents", "12.50 -"));
        assertThat(f.count("select count(*) from transacoes where valor_enviado::numeric <> valor_transacao")).isEqualTo(2);
        // The ledger credits what was kept, the rounded cent (the large float-noise payment is refused by its score).
        Map<String, String> approved = f.query("select id_transacao, id_transacao || '=' || valor_transacao from transacoes"
                + " where aprovada");
        assertThat(approved).containsKeys("sub-cent", "tie-to-even");
        assertThat(f.records(TransactionsSettings.of(f.config).ledgerTopic()))
                .extracting(c -> c.get("id_transacao").asText() + "=" + c.get("valor").decimalValue().toPlainString())
                .containsExactlyInAnyOrderElementsOf(approved.values());
    }
}
