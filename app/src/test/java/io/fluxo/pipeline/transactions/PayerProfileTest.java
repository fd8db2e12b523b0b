package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Modality;
import io.fluxo.banking.Transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PayerProfileTest {
    private static final long WINDOW = 600_000L;
    private static final long T = 1_767_596_400_000L;
    private static final UserSeed.User USER = new UserSeed.User("u000001", "Ana Silva Souza", "SP", d("1000.00"),
            d("500.00"), d("5000.00"), d("1000.00"), d("2000.00"));

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static Transaction tx(String id, String valor, long time) {
        return Transaction.of(id, "u000001", "u000002", "SP", Modality.PIX, time, d(valor));
    }

    @Test
    void startsFromTheSeededUser() {
        PayerProfile p = PayerProfile.of(USER);
        assertThat(p).isEqualTo(new PayerProfile("u000001", "SP", d("1000.00"), d("500.00"), d("5000.00"), d("1000.00"),
                d("2000.00"), 0, d("0.00"), List.of()));
        assertThat(p.mean()).isNull();
        assertThat(p.limitFor(Modality.PIX)).isEqualTo(d("500.00"));
        assertThat(p.limitFor(Modality.TED)).isEqualTo(d("5000.00"));
        assertThat(p.limitFor(Modality.DOC)).isEqualTo(d("1000.00"));
        assertThat(p.limitFor(Modality.BOLETO)).isEqualTo(d("2000.00"));
    }

    @Test
    void keepsAnExactRunningMeanOfApprovedAmounts() {
        PayerProfile p = PayerProfile.of(USER).approve(tx("a", "10.00", T), WINDOW);
        assertThat(p.mean()).isEqualTo(d("10.00"));
        p = p.approve(tx("b", "20.00", T + 1), WINDOW).approve(tx("c", "30.01", T + 2), WINDOW);
        assertThat(p.approvedCount()).isEqualTo(3);
        assertThat(p.approvedTotal()).isEqualTo(d("60.01"));
        assertThat(p.mean()).isEqualTo(d("20.00")); // 20.00333…
        assertThat(p.saldo()).isEqualTo(d("939.99"));
        // 0.05 / 2 = 0.025: HALF_EVEN gives 0.02 where HALF_UP would give 0.03.
        PayerProfile q = PayerProfile.of(USER).approve(tx("a", "0.01", T), WINDOW).approve(tx("b", "0.04", T), WINDOW);
        assertThat(q.mean()).isEqualTo(d("0.02"));
        // 0.07 / 2 = 0.035 → 0.04 (to even).
        PayerProfile r = PayerProfile.of(USER).approve(tx("a", "0.03", T), WINDOW).approve(tx("b", "0.04", T), WINDOW);
        assertThat(r.mean()).isEqualTo(d("0.04"));
    }

    @Test
    void keepsTheMeanExactOverManyPayments() {
        PayerProfile p = PayerProfile.of(new UserSeed.User("u000001", "x", "SP", d("50000.00"), d("1.00"), d("1.00"),
                d("1.00"), d("1.00")));
        for (int i = 0; i < 3000; i++) {
            p = p.approve(tx("t" + i, i % 3 == 0 ? "0.01" : "0.02", T + i), WINDOW);
        }
        // 1000 × 0.01 + 2000 × 0.02 = 50.00 over 3000: 0.016666… → 0.02; a mean updated incrementally in cents
        // would have been stuck at a rounded value long ago.
        assertThat(p.approvedTotal()).isEqualTo(d("50.00"));
        assertThat(p.mean()).isEqualTo(d("0.02"));
        assertThat(p.saldo()).isEqualTo(d("49950.00"));
    }

    @Test
    void aRefusalCountsForVelocityOnly() {
        PayerProfile p = PayerProfile.of(USER).approve(tx("a", "100.00", T), WINDOW);
        PayerProfile after = p.reject(tx("b", "900.00", T + 1000), WINDOW);
        assertThat(after.saldo()).isEqualTo(d("900.00"));
        assertThat(after.mean()).isEqualTo(d("100.00"));
        assertThat(after.approvedCount()).isEqualTo(1);
        assertThat(after.recentTimes()).containsExactly(T, T + 1000);
    }

    @Test
    void countsTransactionsStrictlyInsideTheWindow() {
        PayerProfile p = new PayerProfile("u000001", "SP", d("1.00"), d("1.00"), d("1.00"), d("1.00"), d("1.00"), 0,
                d("0.00"), List.of(T - WINDOW, T - WINDOW + 1, T - 1, T, T + 1));
        // T − window is exactly one window back: out. T + 1 is after the transaction: out.
        assertThat(p.countWithin(T, WINDOW)).isEqualTo(3);
        assertThat(p.countWithin(T + 1, WINDOW)).isEqualTo(3);
        assertThat(p.countWithin(T - WINDOW, WINDOW)).isEqualTo(1);
        assertThat(p.countWithin(T + WINDOW + 1, WINDOW)).isZero();
    }

    @Test
    void dropsTimesNoLaterTransactionCanCountAndStaysBounded() {
        PayerProfile p = PayerProfile.of(USER).reject(tx("a", "1.00", T), WINDOW).reject(tx("b", "1.00", T + 60_000), WINDOW);
        assertThat(p.recentTimes()).containsExactly(T, T + 60_000);
        p = p.reject(tx("c", "1.00", T + WINDOW), WINDOW);
        assertThat(p.recentTimes()).containsExactly(T + 60_000, T + WINDOW);
        // Out of order: kept sorted.
        p = p.reject(tx("d", "1.00", T + 120_000), WINDOW);
        assertThat(p.recentTimes()).containsExactly(T + 60_000, T + 120_000, T + WINDOW);
        for (long i = 0; i < 70; i++) {
            p = p.reject(tx("e" + i, "1.00", T + WINDOW + 1 + i), WINDOW);
        }
        assertThat(p.recentTimes()).hasSize(PayerProfile.MAX_RECENT)
                .containsExactlyElementsOf(LongStream.range(6, 70).mapToObj(i -> T + WINDOW + 1 + i).toList());
    }

    @Test
    void creditsAReceiver() {
        PayerProfile p = PayerProfile.of(USER).credit(d("0.5"));
        assertThat(p.saldo()).isEqualTo(d("1000.50"));
        assertThat(p.saldo().scale()).isEqualTo(2);
        assertThatThrownBy(() -> p.credit(d("1.005"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid amount: 1.005 (more than 2 decimal places)");
        assertThatThrownBy(() -> p.credit(d("-1.00"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid credit: -1.00 (must not be negative)");
    }

    @Test
    void refusesImpossibleUpdates() {
        PayerProfile p = PayerProfile.of(USER);
        assertThatThrownBy(() -> p.approve(tx("big", "1000.01", T), WINDOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid approval of big: 1000.01 (over the balance of 1000.00)");
        Transaction other = Transaction.of("t", "u000009", "u000002", "SP", Modality.PIX, T, d("1.00"));
        assertThatThrownBy(() -> p.reject(other, WINDOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid transaction t: payer u000009 (this profile is u000001's)");
        assertThatThrownBy(() -> new PayerProfile("u", "SP", d("1.00"), d("1.00"), d("1.00"), d("1.00"), d("1.00"), 0,
                d("0.00"), List.of(2L, 1L))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid recentTimes: [2, 1] (must be ascending)");
    }
}
