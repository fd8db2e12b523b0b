package io.fluxo.pipeline.receivables;

import io.fluxo.pipeline.ProduceOptions;
import io.fluxo.config.UserException;
import java.util.Locale;

/**
 * What the receivables generator produces. Validated at construction; messages name the CLI flag.
 *
 * @param seed same seed and options, same ids, amounts, dates and order
 * @param count events to send, duplicates included; 0 or {@link Long#MAX_VALUE} for an unbounded run
 * @param cancelRate chance that a receivable gets a cancellation (and again, for each further one)
 * @param negotiateRate chance that a receivable gets a negotiation (and again, for each further one)
 * @param overAllocationRate share of receivables whose cancellations and negotiations exceed the original
 *     amount (situacao INCONSISTENTE)
 * @param outOfOrderRate share of follow-up events sent before their receivable's scheduling event
 * @param duplicateRate share of events sent a second time, identically, later
 */
public record ReceivablesOptions(long seed, long count, double cancelRate, double negotiateRate,
        double overAllocationRate, double outOfOrderRate, double duplicateRate) {

    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_CANCEL_RATE = 0.30;
    public static final double DEFAULT_NEGOTIATE_RATE = 0.20;

    public ReceivablesOptions {
        if (count < 0) {
            throw new UserException("Invalid --count: " + count + " (must be at least 1)");
        }
        checkRate("--cancel-rate", cancelRate);
        checkRate("--negotiate-rate", negotiateRate);
        checkRate("--over-allocation-rate", overAllocationRate);
        checkRate("--out-of-order-rate", outOfOrderRate);
        checkRate("--duplicate-rate", duplicateRate);
    }

    /** Seed 42, the original system's mix (30 % cancelled, 20 % negotiated), no anomalies. */
    public static ReceivablesOptions defaults(long count) {
        return new ReceivablesOptions(DEFAULT_SEED, count, DEFAULT_CANCEL_RATE, DEFAULT_NEGOTIATE_RATE, 0, 0, 0);
    }

    /** An unbounded run, for the demo: events until stopped. */
    public static ReceivablesOptions continuous() {
        return defaults(0);
    }

    public boolean unbounded() {
        return count == 0 || count == Long.MAX_VALUE;
    }

    /**
     * The CLI's count check: a bounded run of at least one event.
     *
     * @throws UserException "Invalid --count: 0 (must be at least 1)"
     */
    public static long checkCount(long count) {
        return ProduceOptions.checkCount(count);
    }

    public ReceivablesOptions withSeed(long seed) {
        return new ReceivablesOptions(seed, count, cancelRate, negotiateRate, overAllocationRate, outOfOrderRate,
                duplicateRate);
    }

    public ReceivablesOptions withCount(long count) {
        return new ReceivablesOptions(seed, count, cancelRate, negotiateRate, overAllocationRate, outOfOrderRate,
                duplicateRate);
    }

    public ReceivablesOptions withCancelRate(double rate) {
        return new ReceivablesOptions(seed, count, rate, negotiateRate, overAllocationRate, outOfOrderRate,
                duplicateRate);
    }

    public ReceivablesOptions withNegotiateRate(double rate) {
        return new ReceivablesOptions(seed, count, cancelRate, rate, overAllocationRate, outOfOrderRate, duplicateRate);
    }

    public ReceivablesOptions withOverAllocationRate(double rate) {
        return new ReceivablesOptions(seed, count, cancelRate, negotiateRate, rate, outOfOrderRate, duplicateRate);
    }

    public ReceivablesOptions withOutOfOrderRate(double rate) {
        return new ReceivablesOptions(seed, count, cancelRate, negotiateRate, overAllocationRate, rate, duplicateRate);
    }

    public ReceivablesOptions withDuplicateRate(double rate) {
        return new ReceivablesOptions(seed, count, cancelRate, negotiateRate, overAllocationRate, outOfOrderRate, rate);
    }

    private static void checkRate(String flag, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new UserException("Invalid " + flag + ": " + format(rate) + " (must be between 0 and 1)");
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? String.format(Locale.ROOT, "%.0f", value)
                : Double.toString(value);
    }
}
