package io.fluxo.pipeline.commerce;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * The revenue anomaly rule of DESIGN §1.4: a product's closed 1-minute revenue is an anomaly when its z-score
 * against the mean and the population standard deviation of that product's previous closed windows with events
 * (the latest {@code history} of them) is at least {@code threshold} in absolute value, given at least
 * {@code minHistory} such windows and a deviation above 0. Computed in decimal (34 digits), never in binary floating
 * point, so the same revenues give the same verdict on any machine.
 */
public record RevenueAnomaly(BigDecimal threshold, int history, int minHistory) implements java.io.Serializable {
    private static final MathContext MC = MathContext.DECIMAL128;
    private static final BigDecimal ONE = BigDecimal.ONE.setScale(4);

    public RevenueAnomaly {
        requireNonNull(threshold, "threshold");
        if (threshold.signum() <= 0 || history < 1 || minHistory < 1 || minHistory > history) {
            throw new IllegalArgumentException("Invalid anomaly rule: z " + threshold + ", history " + history
                    + ", min-history " + minHistory + " (z above 0, 1 <= min-history <= history)");
        }
    }

    /** What the rule found: the z-score and the figures it came from, and the alert's risk score. */
    public record Finding(BigDecimal revenue, BigDecimal mean, BigDecimal stddev, BigDecimal z, int windows,
            BigDecimal riskScore) {
    }

    /**
     * @param previous the revenues of the product's closed windows with events before this one, oldest first (only
     *     the latest {@code history} count)
     * @return the finding when the window is an anomaly
     */
    public Optional<Finding> check(List<BigDecimal> previous, BigDecimal revenue) {
        List<BigDecimal> window = previous.subList(Math.max(0, previous.size() - history), previous.size());
        int n = window.size();
        if (n < minHistory) {
            return Optional.empty();
        }
        BigDecimal count = BigDecimal.valueOf(n);
        BigDecimal mean = window.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(count, MC);
        BigDecimal squares = BigDecimal.ZERO;
        for (BigDecimal x : window) {
            BigDecimal d = x.subtract(mean, MC);
            squares = squares.add(d.multiply(d, MC), MC);
        }
        BigDecimal variance = squares.divide(count, MC);
        if (variance.signum() == 0) {
            return Optional.empty();
        }
        BigDecimal stddev = variance.sqrt(MC);
        BigDecimal z = revenue.subtract(mean, MC).divide(stddev, MC);
        if (z.abs().compareTo(threshold) < 0) {
            return Optional.empty();
        }
        BigDecimal risk = z.abs().divide(threshold.multiply(BigDecimal.valueOf(2)), MC).setScale(4, RoundingMode.HALF_EVEN);
        return Optional.of(new Finding(revenue, mean.setScale(4, RoundingMode.HALF_EVEN),
                stddev.setScale(4, RoundingMode.HALF_EVEN), z.setScale(4, RoundingMode.HALF_EVEN), n,
                risk.compareTo(ONE) > 0 ? ONE : risk));
    }
}
