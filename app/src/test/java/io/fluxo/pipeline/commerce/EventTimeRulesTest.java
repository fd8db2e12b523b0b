package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Window assignment, funnel rates and averages, and the z-score rule, against values worked out by hand. */
class EventTimeRulesTest {
    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void anEventIsInOneTumblingMinuteAndInFiveSlidingWindows() {
        long t = at("2026-01-05T11:13:42.500Z");
        assertThat(WindowKind.TUMBLING_1M.starts(t)).containsExactly(at("2026-01-05T11:13:00Z"));
        assertThat(WindowKind.SLIDING_5M.starts(t)).containsExactly(at("2026-01-05T11:09:00Z"), at("2026-01-05T11:10:00Z"),
                at("2026-01-05T11:11:00Z"), at("2026-01-05T11:12:00Z"), at("2026-01-05T11:13:00Z"));
    }

    @Test
    void aWindowHoldsItsStartAndNotItsEnd() {
        long t = at("2026-01-05T11:13:00Z");
        assertThat(WindowKind.TUMBLING_1M.starts(t)).containsExactly(t);
        assertThat(WindowKind.TUMBLING_1M.starts(t - 1)).containsExactly(at("2026-01-05T11:12:00Z"));
        // 11:08 to 11:13 does not hold 11:13:00.000; 11:09 to 11:14 does.
        assertThat(WindowKind.SLIDING_5M.starts(t)).first().isEqualTo(at("2026-01-05T11:09:00Z"));
        assertThat(WindowKind.SLIDING_5M.starts(t - 1)).first().isEqualTo(at("2026-01-05T11:08:00Z"));
    }

    @Test
    void windowsBeforeTheEpochAlignToWholeMinutesToo() {
        assertThat(WindowKind.TUMBLING_1M.starts(-1)).containsExactly(-60_000L);
        assertThat(WindowKind.SLIDING_5M.starts(-1)).containsExactly(-300_000L, -240_000L, -180_000L, -120_000L, -60_000L);
    }

    @Test
    void ratesHaveFourPlacesHalfToEvenAndNoneWithoutADenominator() {
        assertThat(Ratios.rate(1, 3)).isEqualByComparingTo("0.3333").hasScaleOf(4);
        assertThat(Ratios.rate(2, 3)).isEqualTo(new BigDecimal("0.6667"));
        assertThat(Ratios.rate(1, 32)).isEqualTo(new BigDecimal("0.0312")); // 0.03125: the tie goes to the even digit
        assertThat(Ratios.rate(3, 32)).isEqualTo(new BigDecimal("0.0938")); // 0.09375
        assertThat(Ratios.rate(0, 5)).isEqualTo(new BigDecimal("0.0000"));
        assertThat(Ratios.rate(7, 7)).isEqualTo(new BigDecimal("1.0000"));
        assertThat(Ratios.rate(3, 0)).isNull();
    }

    @Test
    void averagesAreToTheCentHalfToEven() {
        assertThat(Ratios.average(new BigDecimal("10.00"), 4)).isEqualTo(new BigDecimal("2.50"));
        assertThat(Ratios.average(new BigDecimal("0.05"), 2)).isEqualTo(new BigDecimal("0.02"));
        assertThat(Ratios.average(new BigDecimal("0.15"), 2)).isEqualTo(new BigDecimal("0.08"));
        assertThat(Ratios.average(new BigDecimal("100.00"), 3)).isEqualTo(new BigDecimal("33.33"));
        assertThat(Ratios.average(new BigDecimal("0.00"), 0)).isNull();
    }

    /** Nine windows of 10.00 and one of 20.00: mean 11, squares 9 × 1 + 81 = 90, variance 9, deviation 3. */
    private static List<BigDecimal> history() {
        List<BigDecimal> h = new ArrayList<>(Collections.nCopies(9, new BigDecimal("10.00")));
        h.add(new BigDecimal("20.00"));
        return h;
    }

    @Test
    void aRevenueThreeDeviationsAwayIsAnAnomalyWithItsRiskScore() {
        RevenueAnomaly rule = new RevenueAnomaly(new BigDecimal("3"), 30, 10);

        RevenueAnomaly.Finding up = rule.check(history(), new BigDecimal("20.00")).orElseThrow();
        assertThat(up.mean()).isEqualTo(new BigDecimal("11.0000"));
        assertThat(up.stddev()).isEqualTo(new BigDecimal("3.0000"));
        assertThat(up.z()).isEqualTo(new BigDecimal("3.0000"));
        assertThat(up.windows()).isEqualTo(10);
        assertThat(up.riskScore()).isEqualTo(new BigDecimal("0.5000")); // 3 / (2 × 3)

        RevenueAnomaly.Finding down = rule.check(history(), new BigDecimal("2.00")).orElseThrow();
        assertThat(down.z()).isEqualTo(new BigDecimal("-3.0000"));
        assertThat(down.riskScore()).isEqualTo(new BigDecimal("0.5000"));

        // (29.50 - 11) / 3 = 6.1667; risk 6.1667 / 6 is over 1, so 1.
        RevenueAnomaly.Finding spike = rule.check(history(), new BigDecimal("29.50")).orElseThrow();
        assertThat(spike.z()).isEqualTo(new BigDecimal("6.1667"));
        assertThat(spike.riskScore()).isEqualTo(new BigDecimal("1.0000"));
        // (23.00 - 11) / 3 = 4: risk 4 / 6 = 0.6667.
        assertThat(rule.check(history(), new BigDecimal("23.00")).orElseThrow().riskScore())
                .isEqualTo(new BigDecimal("0.6667"));
    }

    @Test
    void belowTheThresholdOrWithoutEnoughHistoryOrOnAFlatSeriesThereIsNone() {
        RevenueAnomaly rule = new RevenueAnomaly(new BigDecimal("3"), 30, 10);
        assertThat(rule.check(history(), new BigDecimal("19.99"))).isEmpty(); // z = 2.9967
        assertThat(rule.check(history().subList(1, 10), new BigDecimal("100.00"))).isEmpty(); // 9 windows
        assertThat(rule.check(Collections.nCopies(20, new BigDecimal("10.00")), new BigDecimal("500.00"))).isEmpty();
    }

    @Test
    void onlyTheLatestHistoryWindowsCount() {
        RevenueAnomaly rule = new RevenueAnomaly(new BigDecimal("3"), 10, 10);
        List<BigDecimal> h = new ArrayList<>(List.of(new BigDecimal("1000.00"), new BigDecimal("5000.00")));
        h.addAll(history());
        assertThat(rule.check(h, new BigDecimal("20.00")).orElseThrow().z()).isEqualTo(new BigDecimal("3.0000"));
    }

    @Test
    void aRuleThatCannotHoldIsRefused() {
        assertThatThrownBy(() -> new RevenueAnomaly(new BigDecimal("3"), 5, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min-history 10");
        assertThatThrownBy(() -> new RevenueAnomaly(BigDecimal.ZERO, 30, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
