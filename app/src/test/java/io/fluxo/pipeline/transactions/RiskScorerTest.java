package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Regions;
import io.fluxo.banking.Region;
import io.fluxo.banking.Modality;
import io.fluxo.banking.Transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RiskScorerTest {
    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @ParameterizedTest
    @CsvSource({
        "300.00, 100.00, 0.5000",
        "500.00, 100.00, 1.0000",
        "600.00, 100.00, 1.0000",
        "100.00, 100.00, 0.0000",
        "50.00, 100.00, 0.0000",
        "101.00, 100.00, 0.0025",
        "4.00, 3.00, 0.0833",
        "0.05, 0.02, 0.3750"
    })
    void amountIsTheExcessOverTheMeanInUnitsOfFourMeans(String valor, String mean, String expected) {
        assertThat(RiskScorer.amountComponent(d(valor), d(mean))).isEqualTo(d(expected));
    }

    @Test
    void amountIsZeroWithoutHistory() {
        assertThat(RiskScorer.amountComponent(d("99999.99"), null)).isEqualTo(d("0.0000"));
    }

    @ParameterizedTest
    @CsvSource({
        "2026-01-05T03:00:00Z, 1.0000", // 00:00 in São Paulo (UTC−3)
        "2026-01-05T07:00:00Z, 1.0000", // 04:00
        "2026-01-05T08:59:59.999Z, 1.0000", // 05:59:59.999
        "2026-01-05T09:00:00Z, 0.6000", // 06:00
        "2026-01-05T10:30:00Z, 0.3000", // 07:30
        "2026-01-05T11:00:00Z, 0.0000", // 08:00
        "2026-01-05T22:59:59Z, 0.0000", // 19:59
        "2026-01-05T23:00:00Z, 0.2000", // 20:00
        "2026-01-06T00:00:00Z, 0.4000", // 21:00
        "2026-01-06T01:00:00Z, 0.6000", // 22:00
        "2026-01-06T02:59:59Z, 0.8000", // 23:59
        "2018-01-15T02:30:00Z, 1.0000" // 00:30: São Paulo was on daylight time (UTC−2) until 2019
    })
    void hourFollowsTheSaoPauloClock(String instant, String expected) {
        assertThat(RiskScorer.hourComponent(at(instant))).isEqualTo(d(expected));
    }

    @Test
    void distanceIsBetweenCapitalsOverTheLargestOne() {
        assertThat(RiskScorer.distanceComponent("SP", "SP")).isEqualTo(d("0.0000"));
        assertThat(RiskScorer.distanceKm("SP", "SP")).isZero();
        // São Paulo–Manaus is about 2,689 km; Boa Vista–Porto Alegre, the farthest capitals, about 3,789 km.
        assertThat(RiskScorer.distanceKm("SP", "AM")).isCloseTo(2689.0054, within(1e-4));
        assertThat(RiskScorer.distanceKm("AM", "SP")).isEqualTo(RiskScorer.distanceKm("SP", "AM"));
        assertThat(RiskScorer.maxDistanceKm()).isCloseTo(3788.9898, within(1e-4));
        assertThat(RiskScorer.maxDistanceKm()).isEqualTo(RiskScorer.distanceKm("RR", "RS"));
        assertThat(RiskScorer.distanceComponent("AM", "SP")).isEqualTo(d("0.7097")); // 2689.0054 / 3788.9898
        assertThat(RiskScorer.distanceComponent("RJ", "SP")).isEqualTo(d("0.0946")); // 358.3803 / 3788.9898
        assertThat(RiskScorer.distanceComponent("RS", "RR")).isEqualTo(d("1.0000"));
        assertThat(RiskScorer.distanceComponent("XX", "SP")).isEqualTo(d("0.0000"));
        for (Region a : Regions.all()) {
            for (Region b : Regions.all()) {
                assertThat(RiskScorer.distanceKm(a.idRegiao(), b.idRegiao())).isBetween(0.0, RiskScorer.maxDistanceKm());
            }
        }
        assertThatThrownBy(() -> RiskScorer.distanceKm("SP", "XX")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid UF: XX (not one of the 27)");
    }

    @Test
    void haversineMatchesKnownDistances() {
        // A quarter of a meridian: π/2 × 6371 km.
        assertThat(RiskScorer.haversineKm(0, 0, 90, 0)).isCloseTo(Math.PI / 2 * 6371, within(1e-9));
        assertThat(RiskScorer.haversineKm(0, 0, 0, 180)).isCloseTo(Math.PI * 6371, within(1e-9));
        assertThat(RiskScorer.haversineKm(-23.5489, -46.6388, -23.5489, -46.6388)).isZero();
    }

    @ParameterizedTest
    @CsvSource({"0, 5, 0.0000", "1, 5, 0.2000", "4, 5, 0.8000", "5, 5, 1.0000", "9, 5, 1.0000", "1, 3, 0.3333",
        "2, 3, 0.6667", "1, 1, 1.0000"})
    void velocitySaturates(int count, int saturation, String expected) {
        assertThat(RiskScorer.velocityComponent(count, saturation)).isEqualTo(d(expected));
    }

    @Test
    void combinesRoundedComponentsWithDecimalWeightsHalfUp() {
        // 0.4 × 0.5 + 0.1 × 1 + 0.2 × 0.7097 + 0.3 × 0.4 = 0.56194
        assertThat(RiskScorer.combine(RiskWeights.DEFAULTS, d("0.5000"), d("1.0000"), d("0.7097"), d("0.4000")))
                .isEqualTo(d("0.5619"));
        // (2 × 0.5 + 0.6 + 0.0946) / 4 = 0.42365, exactly halfway: HALF_UP
        RiskWeights w = new RiskWeights(2, 1, 1, 0, 0.5, 10, 5);
        assertThat(RiskScorer.combine(w, d("0.5000"), d("0.6000"), d("0.0946"), d("1.0000"))).isEqualTo(d("0.4237"));
        // 0.1 and 0.2 as written, not as the nearest doubles: (0.1 + 0.1) / 0.3
        RiskWeights tenths = new RiskWeights(0.1, 0.2, 0, 0, 0.5, 10, 5);
        assertThat(RiskScorer.combine(tenths, d("1.0000"), d("0.5000"), d("1.0000"), d("1.0000"))).isEqualTo(d("0.6667"));
    }

    @Test
    void scoresATransactionAgainstItsPayersProfile() {
        long t = at("2026-01-05T07:00:00Z"); // 04:00 in São Paulo
        PayerProfile payer = new PayerProfile("u1", "SP", d("5000.00"), d("1000.00"), d("5000.00"), d("1000.00"),
                d("2000.00"), 2, d("200.00"), List.of(t - 9 * 60_000, t - 5 * 60_000));
        Transaction tx = Transaction.of("t1", "u1", "u2", "AM", Modality.PIX, t, d("300.00"));
        assertThat(RiskScorer.score(payer, tx, RiskWeights.DEFAULTS))
                .isEqualTo(new RiskScore(d("0.5619"), d("0.5000"), d("1.0000"), d("0.7097"), d("0.4000")));
    }

    @Test
    void validatesWeights() {
        assertThatThrownBy(() -> new RiskWeights(-0.1, 0, 0, 1, 0.5, 10, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid amount weight: -0.1 (must be 0 or more)");
        assertThatThrownBy(() -> new RiskWeights(0, 0, 0, 0, 0.5, 10, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid risk weights: all are 0 (at least one must be positive)");
        assertThatThrownBy(() -> new RiskWeights(1, 0, 0, 0, 1.5, 10, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid risk threshold: 1.5 (must be between 0 and 1)");
        assertThatThrownBy(() -> new RiskWeights(1, 0, 0, 0, 0.5, 0, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid velocity window: 0 minutes (must be between 1 and 1440)");
        assertThatThrownBy(() -> new RiskWeights(1, 0, 0, 0, 0.5, 10, 65)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid velocity saturation: 65 (must be between 1 and 64)");
        assertThat(RiskWeights.DEFAULTS.velocityWindowMillis()).isEqualTo(600_000L);
        assertThat(RiskWeights.DEFAULTS.thresholdDecimal()).isEqualTo(d("0.5"));
    }
}
