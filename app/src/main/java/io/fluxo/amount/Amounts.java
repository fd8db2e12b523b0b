package io.fluxo.amount;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one rule for money amounts as producers send them (DESIGN §1.1 "Amounts"), for every pipeline.
 *
 * <p>Producers that compute in binary floating point send {@code 7937.860000000001} for 7937.86. A value
 * whose distance to the nearest whole cent is at most {@link #NOISE} (1e-6, inclusive: 10.000001 is
 * 10.00) is that cent, exactly. A value further away has real sub-cent digits (10.0000011, 10.005) and
 * follows the {@link SubCentPolicy}. The value must come from the number's decimal text (a BigDecimal
 * read by Jackson with USE_BIG_DECIMAL_FOR_FLOATS, or parsed from a string), never from a double.
 */
public final class Amounts {
    /** DecimalType(18,2): at most 16 digits before the point. */
    public static final BigDecimal MAX = new BigDecimal("9999999999999999.99");
    /** The largest distance to a whole cent that is still that cent. */
    public static final BigDecimal NOISE = new BigDecimal("0.000001");
    private static final BigDecimal OVER_ANY_CENT = MAX.add(BigDecimal.ONE);
    private static final BigDecimal ZERO_CENTS = BigDecimal.ZERO.setScale(2);
    /** Beyond this exponent a value is written in scientific notation in messages, not as millions of zeros. */
    private static final int MAX_PLAIN_SCALE = 1000;

    /** Which amounts a field accepts, and the words its error uses. */
    public enum Sign {
        /** 0.00 and more. */
        NOT_NEGATIVE("must not be negative"),
        /** 0.01 and more. */
        POSITIVE("must be positive");

        private final String rule;

        Sign(String rule) {
            this.rule = rule;
        }
    }

    private Amounts() {
    }

    /**
     * An amount of cents read back from Spark, where a bean's {@code BigDecimal} travels as decimal(38,18): the same
     * value at scale 2. Null stays null; a value with digits below the cent is a bug upstream and throws.
     */
    public static BigDecimal cents(BigDecimal value) {
        return value == null ? null : value.setScale(2, java.math.RoundingMode.UNNECESSARY);
    }

    /**
     * The amount of {@code field} in exact cents.
     *
     * @param sent the number exactly as sent
     * @throws InvalidAmount "Invalid f: x (must not be negative)", "(must be positive)", "(more than 2 decimal
     *     places)" (under {@link SubCentPolicy#REJECT}) or "(over 9999999999999999.99)"
     */
    public static Amount parse(String field, BigDecimal sent, Sign sign, SubCentPolicy policy) {
        requireNonNull(field, "field");
        requireNonNull(sent, "sent");
        requireNonNull(sign, "sign");
        requireNonNull(policy, "policy");
        if (sent.signum() < 0 || (sign == Sign.POSITIVE && sent.signum() == 0)) {
            throw invalid(field, sent, sign.rule);
        }
        // Checked before any rounding, which would be slow for 1e999999999.
        if (sent.compareTo(OVER_ANY_CENT) >= 0) {
            throw invalid(field, sent, "over " + MAX.toPlainString());
        }
        BigDecimal cent = nearestCent(sent);
        boolean subCent = sent.subtract(cent).abs().compareTo(NOISE) > 0;
        if (subCent && policy == SubCentPolicy.REJECT) {
            throw invalid(field, sent, "more than 2 decimal places");
        }
        if (sign == Sign.POSITIVE && cent.signum() == 0) {
            throw invalid(field, sent, sign.rule);
        }
        if (cent.compareTo(MAX) > 0) {
            throw invalid(field, sent, "over " + MAX.toPlainString());
        }
        return new Amount(cent, subCent, text(sent));
    }

    private static BigDecimal nearestCent(BigDecimal value) {
        // A value this small is 0.00 whatever its digits; rounding 1e-999999999 would be slow.
        if (value.compareTo(NOISE) <= 0) {
            return ZERO_CENTS;
        }
        return value.setScale(2, RoundingMode.HALF_EVEN);
    }

    /** The value in plain notation, or in scientific notation when the plain one would be absurdly long. */
    static String text(BigDecimal value) {
        return Math.abs((long) value.scale()) > MAX_PLAIN_SCALE ? value.toString() : value.toPlainString();
    }

    private static InvalidAmount invalid(String field, BigDecimal sent, String why) {
        return new InvalidAmount("Invalid " + field + ": " + text(sent) + " (" + why + ")");
    }

    /** An amount the rule refuses; the message names the field and the value. Each parser maps it to INVALID_AMOUNT. */
    public static final class InvalidAmount extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidAmount(String message) {
            super(message, null, false, false);
        }
    }
}
