package io.fluxo.pipeline.transactions;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * A transaction's risk: the score and its four components, each in [0, 1] with 4 decimal places, so the
 * score can be recomputed exactly from the stored components and the weights.
 */
public record RiskScore(BigDecimal score, BigDecimal amount, BigDecimal hour, BigDecimal distance,
        BigDecimal velocity) implements Serializable {

    public RiskScore {
        check("score", score);
        check("amount", amount);
        check("hour", hour);
        check("distance", distance);
        check("velocity", velocity);
    }

    private static void check(String name, BigDecimal value) {
        requireNonNull(value, name);
        if (value.scale() != 4 || value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("Invalid " + name + " risk: " + value.toPlainString()
                    + " (must be between 0 and 1 with 4 decimal places)");
        }
    }
}
