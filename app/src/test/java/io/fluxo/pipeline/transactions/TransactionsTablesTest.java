package io.fluxo.pipeline.transactions;

import io.fluxo.banking.ParseResult;
import io.fluxo.banking.Transaction;
import io.fluxo.banking.TransactionParser;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.amount.SubCentPolicy;
import io.fluxo.sink.postgres.PostgresSink;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.junit.jupiter.api.Test;

/** A parsed transaction, through the stateful step's input and output rows, to its transacoes row. */
class TransactionsTablesTest {
    private static final TransactionParser ROUND = TransactionParser.json(512, SubCentPolicy.ROUND_HALF_EVEN);
    private static final Verdict APPROVED = new Verdict(true, null, new RiskScore(new BigDecimal("0.1250"),
            new BigDecimal("0.0000"), new BigDecimal("0.0000"), new BigDecimal("0.5000"), new BigDecimal("0.0000")));

    private static PostgresSink.Row transacao(String amount) {
        String payload = "{\"id_transacao\":\"t1\",\"id_usuario_pagador\":\"u000001\",\"id_usuario_recebedor\":\"u000002\","
                + "\"id_regiao\":\"SP\",\"modalidade_pagamento\":\"PIX\",\"data_horario\":1772463600000,"
                + "\"valor_transacao\":" + amount + "}";
        ParseResult parsed = ROUND.parse("bank_transactions", 1, 41L, payload.getBytes(StandardCharsets.UTF_8));
        Transaction tx = ((ParseResult.Valid) parsed).transaction();
        TxInputRow in = throughSpark(TxInputRow.transaction(tx, 5L, null, null), TxInputRow.class);
        TxOutputRow out = throughSpark(TransactionProcessor.transactionRow(in.toTransaction(), APPROVED, 1_000L),
                TxOutputRow.class);
        return TransactionsTables.transacao(out);
    }

    /** The bean as Spark's encoder carries it between steps (a field without getter and setter would be lost). */
    @SuppressWarnings("unchecked")
    private static <T> T throughSpark(T bean, Class<T> type) {
        ExpressionEncoder<T> encoder = ExpressionEncoder.apply(
                (org.apache.spark.sql.catalyst.encoders.AgnosticEncoder<T>) Encoders.bean(type));
        ExpressionEncoder<T> bound = encoder.resolveAndBind(encoder.resolveAndBind$default$1(),
                encoder.resolveAndBind$default$2());
        InternalRow row = bound.createSerializer().apply(bean);
        return bound.createDeserializer().apply(row);
    }

    private static Object column(PostgresSink.Row row, String column) {
        return row.values().get(row.table().columns().indexOf(column));
    }

    private static int sameValue(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        return java.util.Objects.equals(a, b) ? 0 : 1;
    }

    @Test
    void aRoundedAmountKeepsTheValueAsSentBesideTheCent() {
        PostgresSink.Row row = transacao("3252.2412345678");

        assertThat(column(row, "valor_transacao")).isEqualTo(new BigDecimal("3252.24")); // scale 2, as written
        assertThat(column(row, "valor_enviado")).isEqualTo("3252.2412345678");
        // Spark's bean encoder widens the scores' scale (numeric(5,4) in the table takes them back): equal as numbers.
        assertThat(transacao("10.005").values()).usingElementComparator(TransactionsTablesTest::sameValue).containsExactly("t1", "u000001", "u000002", "SP", "PIX",
                Instant.parse("2026-03-02T15:00:00Z"), new BigDecimal("10.00"), true, null, new BigDecimal("0.1250"),
                new BigDecimal("0.0000"), new BigDecimal("0.0000"), new BigDecimal("0.5000"), new BigDecimal("0.0000"),
                Instant.ofEpochMilli(1_000L), "bank_transactions", 1, 41L, "10.005");
    }

    @Test
    void anAmountNotRoundedHasNoValueAsSent() {
        // Whole cents, and float noise within 1e-6 of the cent, are the cent itself: nothing was rounded.
        for (String amount : List.of("10.00", "10", "7937.860000000001", "1571.8199999999997")) {
            PostgresSink.Row row = transacao(amount);
            assertThat(column(row, "valor_enviado")).as(amount).isNull();
        }
        assertThat(column(transacao("7937.860000000001"), "valor_transacao")).isEqualTo(new BigDecimal("7937.86"));
    }

    @Test
    void theTransacoesColumnsEndWithTheValueAsSent() {
        assertThat(TransactionsTables.TRANSACOES.columns()).endsWith("kafka_offset", "valor_enviado").hasSize(19);
    }
}
