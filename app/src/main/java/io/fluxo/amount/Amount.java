package io.fluxo.amount;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * An amount as {@link Amounts#parse} accepted it.
 *
 * @param value the amount in exact cents: scale 2, at most {@link Amounts#MAX}
 * @param rounded true when the value sent had real sub-cent digits and was rounded under
 *     {@link SubCentPolicy#ROUND_HALF_EVEN}; float noise within {@link Amounts#NOISE} of the cent is not rounding
 * @param sent the exact number as sent, in plain decimal notation (e.g. {@code 3252.2412345678})
 */
public record Amount(BigDecimal value, boolean rounded, String sent) {
    public Amount {
        requireNonNull(value, "value");
        requireNonNull(sent, "sent");
        if (value.scale() != 2) {
            throw new IllegalArgumentException("Invalid value: " + value.toPlainString() + " (must have scale 2)");
        }
    }

    /** The value as sent when it was rounded, else null: what the history keeps beside the value. */
    public String sentIfRounded() {
        return rounded ? sent : null;
    }
}
