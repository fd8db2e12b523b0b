package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Modality;
import io.fluxo.banking.Transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictsTest {
    private static final long DAY = Instant.parse("2026-01-05T15:00:00Z").toEpochMilli(); // 12:00 in São Paulo
    private static final long NIGHT = Instant.parse("2026-01-05T07:00:00Z").toEpochMilli(); // 04:00
    private static final long SIX = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli(); // 06:00
    /** saldo 1000.00; limits PIX 500.00, TED 5000.00, DOC 1000.00, Boleto 2000.00; home SP. */
    private static final PayerProfile PAYER = PayerProfile.of(new UserSeed.User("u000001", "Ana", "SP", d("1000.00"),
            d("500.00"), d("5000.00"), d("1000.00"), d("2000.00")));
    /** Only the hour counts, so a night transaction scores 1 and one at 06:00 exactly 0.6. */
    private static final RiskWeights HOUR_ONLY = new RiskWeights(0, 1, 0, 0, 0.6, 10, 5);

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static Transaction tx(String valor, Modality modality, long time) {
        return Transaction.of("t", "u000001", "u000002", "SP", modality, time, d(valor));
    }

    private static Verdict decide(Transaction tx, RiskWeights weights) {
        return Verdicts.decide(PAYER, tx, weights);
    }

    @Test
    void insufficientBalanceComesFirst() {
        // Over the balance, over the PIX limit and at night: the balance decides.
        Verdict v = decide(tx("1500.00", Modality.PIX, NIGHT), HOUR_ONLY);
        assertThat(v.aprovada()).isFalse();
        assertThat(v.motivo()).isEqualTo(Motivo.SALDO_INSUFICIENTE);
        assertThat(v.score().score()).isEqualTo(d("1.0000"));
        assertThat(decide(tx("1000.01", Modality.TED, DAY), HOUR_ONLY).motivo()).isEqualTo(Motivo.SALDO_INSUFICIENTE);
    }

    @Test
    void thenTheModalityLimit() {
        // Within the balance, over the PIX limit, at night: the limit decides.
        assertThat(decide(tx("500.01", Modality.PIX, NIGHT), HOUR_ONLY).motivo()).isEqualTo(Motivo.LIMITE_EXCEDIDO);
        assertThat(decide(tx("600.00", Modality.PIX, DAY), HOUR_ONLY).motivo()).isEqualTo(Motivo.LIMITE_EXCEDIDO);
        assertThat(decide(tx("600.00", Modality.BOLETO, DAY), HOUR_ONLY).aprovada()).isTrue();
    }

    @Test
    void thenTheRiskScore() {
        Verdict night = decide(tx("10.00", Modality.PIX, NIGHT), HOUR_ONLY);
        assertThat(night).isEqualTo(Verdict.refused(Motivo.SUSPEITA_FRAUDE,
                new RiskScore(d("1.0000"), d("0.0000"), d("1.0000"), d("0.0000"), d("0.0000"))));
        assertThat(night.alert()).isTrue();
        // A score equal to the threshold passes.
        Verdict six = decide(tx("10.00", Modality.PIX, SIX), HOUR_ONLY);
        assertThat(six.aprovada()).isTrue();
        assertThat(six.motivo()).isNull();
        assertThat(six.score().score()).isEqualTo(d("0.6000"));
        assertThat(six.alert()).isFalse();
    }

    @Test
    void amountsEqualToBalanceOrLimitPass() {
        Verdicts.Decision all = Verdicts.process(PAYER, tx("1000.00", Modality.DOC, DAY), RiskWeights.DEFAULTS);
        assertThat(all.verdict().aprovada()).isTrue();
        assertThat(all.payerAfter().saldo()).isEqualTo(d("0.00"));
        assertThat(decide(tx("500.00", Modality.PIX, DAY), RiskWeights.DEFAULTS).aprovada()).isTrue();
    }

    @Test
    void approvalDebitsThePayerAndRefusalDoesNot() {
        Verdicts.Decision ok = Verdicts.process(PAYER, tx("100.00", Modality.PIX, DAY), RiskWeights.DEFAULTS);
        assertThat(ok.verdict().aprovada()).isTrue();
        assertThat(ok.payerAfter().saldo()).isEqualTo(d("900.00"));
        assertThat(ok.payerAfter().mean()).isEqualTo(d("100.00"));
        Verdicts.Decision refused = Verdicts.process(ok.payerAfter(), tx("950.00", Modality.TED, DAY + 1000),
                RiskWeights.DEFAULTS);
        assertThat(refused.verdict().motivo()).isEqualTo(Motivo.SALDO_INSUFICIENTE);
        assertThat(refused.payerAfter().saldo()).isEqualTo(d("900.00"));
        assertThat(refused.payerAfter().recentTimes()).containsExactly(DAY, DAY + 1000);
    }

    @Test
    void eachAttemptOfABurstRaisesVelocity() {
        // Amount 0.4, hour 0.1, distance 0.2, velocity 0.3; threshold 0.5; saturation at 5 in 10 minutes.
        PayerProfile p = new PayerProfile("u000001", "SP", d("10000.00"), d("5000.00"), d("5000.00"), d("1000.00"),
                d("2000.00"), 4, d("400.00"), List.of());
        String[] expectedScores = {"0.5419", "0.6019", "0.6619"};
        for (int i = 0; i < 3; i++) {
            // 500.00 against a mean of 100.00: amount 1; AM from SP: distance 0.7097; noon: hour 0.
            Transaction t = Transaction.of("b" + i, "u000001", "u000009", "AM", Modality.PIX, DAY + i * 30_000L, d("500.00"));
            Verdicts.Decision decision = Verdicts.process(p, t, RiskWeights.DEFAULTS);
            assertThat(decision.verdict().score().velocity()).isEqualTo(BigDecimal.valueOf(i * 2000L, 4));
            assertThat(decision.verdict().score().score()).isEqualTo(d(expectedScores[i]));
            assertThat(decision.verdict().motivo()).isEqualTo(Motivo.SUSPEITA_FRAUDE);
            p = decision.payerAfter();
        }
        assertThat(p.saldo()).isEqualTo(d("10000.00"));
    }

    @Test
    void refusesAProfileOfAnotherUserAndInconsistentVerdicts() {
        Transaction other = Transaction.of("t7", "u000003", "u000002", "SP", Modality.PIX, DAY, d("1.00"));
        assertThatThrownBy(() -> Verdicts.decide(PAYER, other, RiskWeights.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid transaction t7: payer u000003 (the profile is u000001's)");
        RiskScore zero = new RiskScore(d("0.0000"), d("0.0000"), d("0.0000"), d("0.0000"), d("0.0000"));
        assertThatThrownBy(() -> new Verdict(true, Motivo.LIMITE_EXCEDIDO, zero)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid verdict: aprovada=true with motivo LIMITE_EXCEDIDO (a motivo exactly when refused)");
        assertThatThrownBy(() -> new RiskScore(d("1.5000"), d("0.0000"), d("0.0000"), d("0.0000"), d("0.0000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid score risk: 1.5000 (must be between 0 and 1 with 4 decimal places)");
    }
}
