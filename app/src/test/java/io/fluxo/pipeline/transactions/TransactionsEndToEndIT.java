package io.fluxo.pipeline.transactions;

import io.fluxo.banking.PayloadFormat;
import io.fluxo.sink.postgres.PostgresSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.testing.TransactionsFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Generated transactions, JSON and Avro, end to end: every verdict and score as the generator expects. */
class TransactionsEndToEndIT {

    @ParameterizedTest
    @EnumSource(PayloadFormat.class)
    void generatedTransactionsGetTheVerdictsTheGeneratorExpects(PayloadFormat format) {
        TransactionsFixture f = new TransactionsFixture("tx-e2e-" + format.label(), 500,
                Map.of("FLUXO_TRANSACTIONS_FORMAT", format.label()));
        List<TransactionExpectation> expected = f.produce(TransactionsOptions.defaults(6_000).withUsers(500)
                .withFraudRate(0.05).withFormat(format));

        f.drain();

        Map<String, String> verdicts = f.verdicts();
        assertThat(TransactionsFixture.differences(TransactionsFixture.expected(expected), verdicts)).isEmpty();
        assertThat(verdicts).hasSize(expected.size());
        long suspicious = expected.stream().filter(e -> e.motivo() == Motivo.SUSPEITA_FRAUDE).count();
        assertThat(suspicious).isPositive();
        assertThat(expected).extracting(TransactionExpectation::motivo)
                .contains(Motivo.SALDO_INSUFICIENTE, Motivo.LIMITE_EXCEDIDO, Motivo.SUSPEITA_FRAUDE, null);
        assertThat(f.count("select count(*) from alertas_fraude")).isEqualTo(suspicious);
        assertThat(f.records(TransactionsSettings.of(f.config).alertsTopic())).hasSize((int) suspicious);
        long approved = expected.stream().filter(TransactionExpectation::aprovada).count();
        assertThat(f.records(TransactionsSettings.of(f.config).ledgerTopic())).hasSize((int) approved);
        assertThat(f.records(TransactionsSettings.of(f.config).dlqTopic())).isEmpty();
        assertThat(f.count("select count(*) from transacoes where valor_transacao <> round(valor_transacao, 2)")).isZero();

        // fluxo verify transactions reads the same tables: all match, and a tampered row is caught.
        TransactionsVerifier verifier = new TransactionsVerifier(PostgresSettings.of(f.config));
        assertThat(verifier.check(expected).summary()).isEqualTo("verify transactions: " + expected.size()
                + " transactions: " + expected.size() + " match, 0 differ, 0 missing");
        String tampered = expected.get(0).idTransacao();
        f.execute("update transacoes set score_risco = 0.9999 where id_transacao = '" + tampered + "'");
        TransactionsVerifier.Result afterTamper = verifier.check(expected);
        assertThat(afterTamper.differing()).isEqualTo(1);
        assertThat(afterTamper.mismatches()).singleElement().asString().startsWith(tampered + ": expected ");
    }
}
