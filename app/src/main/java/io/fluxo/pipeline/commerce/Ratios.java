package io.fluxo.pipeline.commerce;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The derived figures of the commerce tables, exact: funnel rates to 4 places, averages to the cent, half to even. */
public final class Ratios {
    private Ratios() {
    }

    /** {@code numerator / denominator} to 4 places, half to even; null when the denominator is 0. */
    public static BigDecimal rate(long numerator, long denominator) {
        if (denominator == 0) {
            return null;
        }
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_EVEN);
    }

    /** {@code total / count} to the cent, half to even; null when the count is 0. */
    public static BigDecimal average(BigDecimal total, long count) {
        if (count == 0) {
            return null;
        }
        return total.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_EVEN);
    }
}
