package io.fluxo.amount;

import java.util.Arrays;
import java.util.Optional;

/** What {@link Amounts} does with an amount that has real digits below the cent (setting fluxo.amounts.sub-cent). */
public enum SubCentPolicy {
    /** The record goes to the dead-letter topic with INVALID_AMOUNT. */
    REJECT("reject"),
    /** The amount is rounded to the cent, ties to the even cent; the value as sent is kept beside it. */
    ROUND_HALF_EVEN("round-half-even");

    private final String label;

    SubCentPolicy(String label) {
        this.label = label;
    }

    /** The setting's value, e.g. {@code round-half-even}. */
    public String label() {
        return label;
    }

    public static Optional<SubCentPolicy> fromLabel(String label) {
        return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst();
    }
}
