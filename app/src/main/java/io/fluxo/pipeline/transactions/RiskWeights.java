package io.fluxo.pipeline.transactions;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * How {@link RiskScorer} weighs its four components and when a score is suspect.
 *
 * @param amount weight of the amount against the payer's mean
 * @param hour weight of the hour of day in America/Sao_Paulo
 * @param distance weight of the distance from the payer's home UF
 * @param velocity weight of the payer's recent transaction count
 * @param threshold a score strictly over it is SUSPEITA_FRAUDE; compared with the score rounded to 4 places
 * @param velocityWindowMinutes how far back the velocity component counts
 * @param velocitySaturation the count of earlier transactions in the window at which velocity reaches 1
 */
public record RiskWeights(double amount, double hour, double distance, double velocity, double threshold,
        int velocityWindowMinutes, int velocitySaturation) implements Serializable {

    public static final RiskWeights DEFAULTS = new RiskWeights(0.40, 0.10, 0.20, 0.30, 0.50, 10, 5);

    public RiskWeights {
        checkWeight("amount", amount);
        checkWeight("hour", hour);
        checkWeight("distance", distance);
        checkWeight("velocity", velocity);
        if (!(amount + hour + distance + velocity > 0)) {
            throw new IllegalArgumentException("Invalid risk weights: all are 0 (at least one must be positive)");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("Invalid risk threshold: " + threshold + " (must be between 0 and 1)");
        }
        if (velocityWindowMinutes < 1 || velocityWindowMinutes > 24 * 60) {
            throw new IllegalArgumentException("Invalid velocity window: " + velocityWindowMinutes
                    + " minutes (must be between 1 and 1440)");
        }
        if (velocitySaturation < 1 || velocitySaturation > PayerProfile.MAX_RECENT) {
            throw new IllegalArgumentException("Invalid velocity saturation: " + velocitySaturation
                    + " (must be between 1 and " + PayerProfile.MAX_RECENT + ")");
        }
    }

    public long velocityWindowMillis() {
        return velocityWindowMinutes * 60_000L;
    }

    /** The threshold as the decimal it is written as (0.5, not 0.5000000000000000277…). */
    public BigDecimal thresholdDecimal() {
        return BigDecimal.valueOf(threshold);
    }

    private static void checkWeight(String name, double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("Invalid " + name + " weight: " + weight + " (must be 0 or more)");
        }
    }
}
