package io.fluxo.pipeline.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fluxo.pipeline.transactions.ReferenceModel.Account;
import io.fluxo.pipeline.transactions.ReferenceModel.Outcome;
import io.fluxo.pipeline.transactions.ReferenceModel.Payment;
import io.fluxo.pipeline.transactions.ReferenceModel.Place;
import io.fluxo.pipeline.transactions.ReferenceModel.Refusal;
import io.fluxo.pipeline.transactions.ReferenceModel.Settings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules of DESIGN §1.2 against values computed by hand; the arithmetic is in the comments. */
class ReferenceModelTest {
    private static final long DAY = at("2026-01-05T15:00:00Z"); // 12:00 in São Paulo (UTC−3): hour risk 0
    private static final long NIGHT = at("2026-01-05T07:00:00Z"); // 04:00: hour risk 1
    private static final long SIX = at("2026-01-05T09:00:00Z"); // 06:00: hour risk 0.6
    private static final long MINUTE = 60_000;
    private static final long WINDOW = 10 * MINUTE;
    /** Weights 0.4 / 0.1 / 0.2 / 0.3 (sum 1), threshold 0.5, velocity saturating at 5 in 10 minutes. */
    private static final Settings DEFAULTS = settings("0.4", "0.1", "0.2", "0.3", "0.5", WINDOW, 5);
    /** Only the hour counts: a night transaction scores 1, one at 06:00 exactly the threshold 0.6. */
    private static final Settings HOUR_ONLY = settings("0", "1", "0", "0", "0.6", WINDOW, 5);
    /** Home SP; saldo 1000.00; limits PIX 500.00, TED 5000.00, DOC 1000.00, Boleto 2000.00. */
    private static final Account ANA = new Account("u000001", "SP", d("1000.00"), d("500.00"), d("5000.00"),
            d("1000.00"), d("2000.00"));
    private static final Account BRUNO = new Account("u000002", "RJ", d("50.00"), d("10.00"), d("10.00"), d("10.00"),
            d("10.00"));

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static Settings settings(String amount, String hour, String distance, String velocity, String threshold,
            long windowMillis, int saturation) {
        return new Settings(d(amount), d(hour), d(distance), d(velocity), d(threshold), windowMillis, saturation);
    }

    private static ReferenceModel model(Settings settings) {
        return new ReferenceModel(settings, TransactionsGenerator.places(), List.of(ANA, BRUNO));
    }

    /** Ana pays Bruno. */
    private static Payment pay(String id, String valor, String modalidade, String uf, long time) {
        return new Payment(id, "u000001", "u000002", uf, modalidade, time, d(valor));
    }

    private static Outcome outcome(String id, Refusal motivo, String score, String amount, String hour, String distance,
            String velocity, String saldoAfter) {
        return new Outcome(id, motivo == null, motivo, d(score), d(amount), d(hour), d(distance), d(velocity),
                d(saldoAfter));
    }

    @Test
    void insufficientBalanceComesFirst() {
        ReferenceModel m = model(DEFAULTS);
        // 1500.00 is over the balance 1000.00 and over the PIX limit 500.00: the balance decides.
        // No approved payment yet: amount 0; 04:00: hour 1; from home: distance 0; first: velocity 0.
        // score = (0.4 × 0 + 0.1 × 1 + 0.2 × 0 + 0.3 × 0) / 1 = 0.1
        assertThat(m.process(pay("t1", "1500.00", "PIX", "SP", NIGHT)))
                .isEqualTo(outcome("t1", Refusal.SALDO_INSUFICIENTE, "0.1000", "0.0000", "1.0000", "0.0000", "0.0000",
                        "1000.00"));
        // One cent over the balance, within the TED limit. 12:00: hour 0; one earlier attempt 8 hours before: velocity 0.
        assertThat(m.process(pay("t2", "1000.01", "TED", "SP", DAY)))
                .isEqualTo(outcome("t2", Refusal.SALDO_INSUFICIENTE, "0.0000", "0.0000", "0.0000", "0.0000", "0.0000",
                        "1000.00"));
    }

    @Test
    void thenTheModalityLimitAndEqualAmountsPass() {
        ReferenceModel m = model(DEFAULTS);
        // 500.01 ≤ 1000.00 but > PIX 500.00. score 0: noon, home, no mean, no earlier transaction.
        assertThat(m.process(pay("t1", "500.01", "PIX", "SP", DAY)).motivo()).isEqualTo(Refusal.LIMITE_EXCEDIDO);
        // Equal to the PIX limit: approved. velocity 1 earlier (the refusal) / 5 = 0.2; score 0.3 × 0.2 = 0.06.
        assertThat(m.process(pay("t2", "500.00", "PIX", "SP", DAY + 1)))
                .isEqualTo(outcome("t2", null, "0.0600", "0.0000", "0.0000", "0.0000", "0.2000", "500.00"));
        // Equal to the balance 500.00 and within DOC 1000.00: approved, balance 0.00. mean 500.00: amount 0;
        // velocity 2 / 5 = 0.4; score 0.3 × 0.4 = 0.12.
        assertThat(m.process(pay("t3", "500.00", "DOC", "SP", DAY + 2)))
                .isEqualTo(outcome("t3", null, "0.1200", "0.0000", "0.0000", "0.0000", "0.4000", "0.00"));
        assertThat(m.process(pay("t4", "0.01", "Boleto", "SP", DAY + 3)).motivo()).isEqualTo(Refusal.SALDO_INSUFICIENTE);
        assertThat(m.saldo("u000001")).isEqualTo(d("0.00"));
    }

    @Test
    void thenTheRiskScoreStrictlyOverTheThreshold() {
        ReferenceModel m = model(HOUR_ONLY);
        // 04:00: score 1 × 1 / 1 = 1 > 0.6.
        assertThat(m.process(pay("t1", "10.00", "PIX", "SP", NIGHT)))
                .isEqualTo(outcome("t1", Refusal.SUSPEITA_FRAUDE, "1.0000", "0.0000", "1.0000", "0.0000", "0.0000",
                        "1000.00"));
        // 06:00: score 0.6, equal to the threshold: approved, 1000.00 − 10.00 = 990.00. velocity: the attempt
        // at 04:00 is 2 hours back, out of the window.
        assertThat(m.process(pay("t2", "10.00", "PIX", "SP", SIX)))
                .isEqualTo(outcome("t2", null, "0.6000", "0.0000", "0.6000", "0.0000", "0.0000", "990.00"));
    }

    @Test
    void scoresABurstLikeThePipelinesExample() {
        ReferenceModel m = model(DEFAULTS);
        // 03:51, hour 1, no mean: 0.1 × 1 = 0.1; approved, 1000.00 − 100.00 = 900.00.
        assertThat(m.process(pay("a", "100.00", "PIX", "SP", NIGHT - 9 * MINUTE)))
                .isEqualTo(outcome("a", null, "0.1000", "0.0000", "1.0000", "0.0000", "0.0000", "900.00"));
        // 03:55, mean 100.00 so amount 0; 1 earlier in 10 min: velocity 0.2. 0.1 + 0.3 × 0.2 = 0.16.
        assertThat(m.process(pay("b", "100.00", "PIX", "SP", NIGHT - 5 * MINUTE)))
                .isEqualTo(outcome("b", null, "0.1600", "0.0000", "1.0000", "0.0000", "0.2000", "800.00"));
        // 04:00 from AM: amount (300 − 100) / (4 × 100) = 0.5; distance 2689.0054 km / 3788.9898 km = 0.70969 →
        // 0.7097; velocity 2 / 5 = 0.4. 0.4 × 0.5 + 0.1 × 1 + 0.2 × 0.7097 + 0.3 × 0.4 = 0.56194 → 0.5619 > 0.5.
        assertThat(m.process(pay("c", "300.00", "PIX", "AM", NIGHT)))
                .isEqualTo(outcome("c", Refusal.SUSPEITA_FRAUDE, "0.5619", "0.5000", "1.0000", "0.7097", "0.4000",
                        "800.00"));
        // The same from home a millisecond later: the refusal counts in velocity, 3 / 5 = 0.6.
        // 0.4 × 0.5 + 0.1 × 1 + 0 + 0.3 × 0.6 = 0.48 ≤ 0.5: approved, 800.00 − 300.00 = 500.00.
        assertThat(m.process(pay("d", "300.00", "PIX", "SP", NIGHT + 1)))
                .isEqualTo(outcome("d", null, "0.4800", "0.5000", "1.0000", "0.0000", "0.6000", "500.00"));
        // The mean counts approved payments only: 500.00 / 3 = 166.666… → 166.67.
        assertThat(m.approvedCount("u000001")).isEqualTo(3);
        assertThat(m.mean("u000001")).isEqualTo(d("166.67"));
    }

    @ParameterizedTest
    @CsvSource({
        "300.00, 100.00, 0.5000", // 200 / 400
        "500.00, 100.00, 1.0000", // 400 / 400
        "600.00, 100.00, 1.0000", // 500 / 400, clamped
        "100.00, 100.00, 0.0000",
        "50.00, 100.00, 0.0000", // −50 / 400, clamped
        "101.00, 100.00, 0.0025", // 1 / 400
        "100.02, 100.00, 0.0001", // 0.02 / 400 = 0.00005 exactly: HALF_UP
        "100.01, 100.00, 0.0000", // 0.01 / 400 = 0.000025
        "4.00, 3.00, 0.0833", // 1 / 12 = 0.08333…
        "0.05, 0.02, 0.3750" // 0.03 / 0.08
    })
    void amountRiskIsTheExcessOverTheMeanInUnitsOfFourMeans(String valor, String mean, String expected) {
        assertThat(ReferenceModel.amountRisk(d(valor), d(mean))).isEqualTo(d(expected));
    }

    @Test
    void amountRiskIsZeroBeforeTheFirstApprovalAndTheMeanRoundsHalfEven() {
        assertThat(ReferenceModel.amountRisk(d("99999.99"), null)).isEqualTo(d("0.0000"));
        ReferenceModel m = model(DEFAULTS);
        assertThat(m.mean("u000001")).isNull();
        // Payments a window apart, so velocity stays 0; at noon, at home.
        m.process(pay("a", "0.01", "PIX", "SP", DAY));
        // mean 0.01: amount (0.04 − 0.01) / 0.04 = 0.75; score 0.4 × 0.75 = 0.3: approved.
        assertThat(m.process(pay("b", "0.04", "PIX", "SP", DAY + WINDOW)).amountRisk()).isEqualTo(d("0.7500"));
        // 0.05 / 2 = 0.025, halfway: HALF_EVEN gives 0.02 (HALF_UP would give 0.03).
        assertThat(m.mean("u000001")).isEqualTo(d("0.02"));
        // (0.05 − 0.02) / 0.08 = 0.375 (with a mean of 0.03 it would be 0.1667).
        assertThat(m.process(pay("c", "0.05", "PIX", "SP", DAY + 2 * WINDOW)).amountRisk()).isEqualTo(d("0.3750"));
        // 0.10 / 3 = 0.0333… → 0.03; 1000.00 − 0.10 = 999.90.
        assertThat(m.mean("u000001")).isEqualTo(d("0.03"));
        assertThat(m.saldo("u000001")).isEqualTo(d("999.90"));
    }

    @Test
    void hourRiskFollowsTheSaoPauloClock() {
        String[] byHour = {"1", "1", "1", "1", "1", "1", "0.6", "0.3", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0",
            "0", "0", "0.2", "0.4", "0.6", "0.8"};
        long midnight = at("2026-01-05T03:00:00Z"); // 00:00 in São Paulo
        for (int h = 0; h < 24; h++) {
            BigDecimal expected = d(byHour[h]).setScale(4);
            assertThat(ReferenceModel.hourRisk(midnight + h * 60 * MINUTE)).as("%02d:00", h).isEqualTo(expected);
            assertThat(ReferenceModel.hourRisk(midnight + (h + 1) * 60 * MINUTE - 1)).as("%02d:59:59.999", h)
                    .isEqualTo(expected);
        }
        // 00:30: São Paulo was on daylight time (UTC−2) until 2019, so 02:30 UTC was 00:30, not 23:30.
        assertThat(ReferenceModel.hourRisk(at("2018-01-15T02:30:00Z"))).isEqualTo(d("1.0000"));
    }

    @Test
    void distanceRiskIsTheGreatCircleOverTheLargestOne() {
        // On the equator and one meridian, the farthest pair is O and A, half the globe apart (180°).
        List<Place> places = List.of(new Place("O", 0, 0), new Place("E", 0, 90), new Place("A", 0, 180),
                new Place("N", 30, 0));
        ReferenceModel m = new ReferenceModel(DEFAULTS, places, List.of());
        assertThat(m.distanceRisk("O", "O")).isEqualTo(d("0.0000"));
        assertThat(m.distanceRisk("E", "O")).isEqualTo(d("0.5000")); // 90° / 180°
        assertThat(m.distanceRisk("A", "O")).isEqualTo(d("1.0000"));
        assertThat(m.distanceRisk("N", "O")).isEqualTo(d("0.1667")); // 30° / 180° = 0.16666…
        assertThat(m.distanceRisk("N", "E")).isEqualTo(d("0.5000")); // (30° N, 0°) and (0°, 90° E) are 90° apart
        assertThat(ReferenceModel.greatCircleKm(0, 0, 0, 180)).isCloseTo(Math.PI * 6371, within(1e-9));
        // The capitals: São Paulo–Manaus about 2,689 km, Boa Vista–Porto Alegre (the farthest) about 3,789 km.
        assertThat(ReferenceModel.greatCircleKm(-23.5489, -46.6388, -3.11866, -60.0212)).isCloseTo(2689.0054, within(1e-4));
        assertThat(ReferenceModel.greatCircleKm(2.81972, -60.6733, -30.0318, -51.2065)).isCloseTo(3788.9898, within(1e-4));
        ReferenceModel capitals = model(DEFAULTS);
        assertThat(capitals.distanceRisk("AM", "SP")).isEqualTo(d("0.7097")); // 2689.0054 / 3788.9898 = 0.70969
        assertThat(capitals.distanceRisk("RJ", "SP")).isEqualTo(d("0.0946")); // 358.3803 / 3788.9898 = 0.09458
        assertThat(capitals.distanceRisk("RS", "RR")).isEqualTo(d("1.0000"));
        assertThatThrownBy(() -> capitals.distanceRisk("XX", "SP")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid UF: XX (not among the places)");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 5, 0.0000",
        "1, 5, 0.2000",
        "5, 5, 1.0000",
        "9, 5, 1.0000", // saturated
        "1, 3, 0.3333", // 0.33333…
        "2, 3, 0.6667", // 0.66666…
        "1, 32, 0.0313" // 0.03125 exactly: HALF_UP
    })
    void velocityRiskSaturates(int earlier, int saturation, String expected) {
        assertThat(ReferenceModel.velocityRisk(earlier, saturation)).isEqualTo(d(expected));
    }

    @Test
    void velocityCountsEarlierTransactionsOfAnyVerdictInsideTheWindow() {
        ReferenceModel m = model(DEFAULTS);
        // Over the balance, refused; it still counts for the next ones.
        assertThat(m.process(pay("t0", "2000.00", "TED", "SP", DAY)).velocityRisk()).isEqualTo(d("0.0000"));
        // (DAY + 1 min − 10 min, DAY + 1 min] holds DAY: 1 / 5.
        assertThat(m.process(pay("t1", "1.00", "PIX", "SP", DAY + MINUTE)).velocityRisk()).isEqualTo(d("0.2000"));
        // At DAY + 10 min, DAY is exactly one window back: out; DAY + 1 min in: 1 / 5.
        assertThat(m.process(pay("t2", "1.00", "PIX", "SP", DAY + WINDOW)).velocityRisk()).isEqualTo(d("0.2000"));
        // The same millisecond counts: DAY + 1 min and DAY + 10 min, 2 / 5.
        assertThat(m.process(pay("t3", "1.00", "PIX", "SP", DAY + WINDOW)).velocityRisk()).isEqualTo(d("0.4000"));
        // At DAY + 11 min, DAY + 1 min is one window back: the two at DAY + 10 min, 2 / 5.
        assertThat(m.process(pay("t4", "1.00", "PIX", "SP", DAY + 11 * MINUTE)).velocityRisk()).isEqualTo(d("0.4000"));
        // Four approved payments of 1.00.
        assertThat(m.saldo("u000001")).isEqualTo(d("996.00"));
        ReferenceModel burst = model(DEFAULTS);
        String[] expected = {"0.0000", "0.2000", "0.4000", "0.6000", "0.8000", "1.0000", "1.0000"};
        for (int i = 0; i < expected.length; i++) {
            assertThat(burst.process(pay("b" + i, "1.00", "PIX", "SP", DAY)).velocityRisk()).isEqualTo(d(expected[i]));
        }
    }

    @Test
    void combinesTheRoundedComponentsWithDecimalWeightsHalfUp() {
        // 0.4 × 0.5 + 0.1 × 1 + 0.2 × 0.7097 + 0.3 × 0.4 = 0.2 + 0.1 + 0.14194 + 0.12 = 0.56194, over 1.
        assertThat(ReferenceModel.score(DEFAULTS, d("0.5000"), d("1.0000"), d("0.7097"), d("0.4000"))).isEqualTo(d("0.5619"));
        // (2 × 0.5 + 1 × 0.6 + 1 × 0.0946 + 0 × 1) / 4 = 1.6946 / 4 = 0.42365, exactly halfway: HALF_UP.
        Settings w = settings("2", "1", "1", "0", "0.5", WINDOW, 5);
        assertThat(ReferenceModel.score(w, d("0.5000"), d("0.6000"), d("0.0946"), d("1.0000"))).isEqualTo(d("0.4237"));
        // (0.1 × 1 + 0.2 × 0.5) / 0.3 = 0.2 / 0.3 = 0.6666… (with the nearest doubles it would not be 2/3).
        Settings tenths = TransactionsGenerator.settings(new RiskWeights(0.1, 0.2, 0, 0, 0.5, 10, 5));
        assertThat(tenths).isEqualTo(settings("0.1", "0.2", "0.0", "0.0", "0.5", WINDOW, 5));
        assertThat(ReferenceModel.score(tenths, d("1.0000"), d("0.5000"), d("1.0000"), d("1.0000"))).isEqualTo(d("0.6667"));
        assertThat(TransactionsGenerator.settings(RiskWeights.DEFAULTS).velocityWindowMillis())
                .isEqualTo(Duration.ofMinutes(10).toMillis());
    }

    @Test
    void refusesTrafficItCannotModelExactly() {
        ReferenceModel m = model(DEFAULTS);
        m.process(pay("t1", "1.00", "PIX", "SP", DAY));
        assertThatThrownBy(() -> m.process(new Payment("t2", "u000002", "u000003", "RJ", "PIX", DAY, d("1.00"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot model t2: u000002 both pays and receives (credits arrive at a time the model cannot know)");
        assertThatThrownBy(() -> m.process(new Payment("t3", "u000002", "u000001", "RJ", "PIX", DAY, d("1.00"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot model t3: u000001 both pays and receives (credits arrive at a time the model cannot know)");
        assertThatThrownBy(() -> m.process(pay("t4", "1.00", "PIX", "SP", DAY - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot model t4: data_horario " + (DAY - 1) + " is before the payer's previous transaction at " + DAY);
        assertThatThrownBy(() -> m.process(new Payment("t5", "u000009", "u000002", "SP", "PIX", DAY, d("1.00"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid payer: u000009 (no such account)");
        assertThatThrownBy(() -> m.process(pay("t6", "1.00", "Cheque", "SP", DAY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid modalidade: Cheque (use PIX, TED, DOC or Boleto)");
        assertThatThrownBy(() -> settings("0", "0", "0", "0", "0.5", WINDOW, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid weights: all are 0 (at least one must be positive)");
        assertThatThrownBy(() -> settings("1", "0", "0", "0", "1.5", WINDOW, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid threshold: 1.5 (must be between 0 and 1)");
    }
}
