package io.fluxo.pipeline.transactions;

import io.fluxo.banking.PayloadFormat;
import static java.util.Objects.requireNonNull;

import io.fluxo.config.UserException;
import java.util.Locale;

/**
 * What the transactions generator produces. Validated at construction; messages name the CLI flag.
 *
 * <p>{@code users} and {@code usersSeed} must be the {@code --count} and {@code --seed} that
 * {@code fluxo seed users} was run with: the generator computes the users with
 * {@link UserSeed#generate(int, long)} instead of reading PostgreSQL, so with other values it would pay
 * from users the pipeline does not know (UNKNOWN_PAYER) or simulate other balances and limits than the
 * pipeline holds, and its expectation would be wrong.
 *
 * @param seed same seed and options, same transactions in the same order
 * @param count transactions to send; 0 or {@link Long#MAX_VALUE} for an unbounded run
 * @param fraudRate about this share of the transactions belongs to fraud-like episodes
 * @param format JSON, or Avro in the Confluent wire format with schema id 1
 * @param users how many users were seeded (at least 2: odd-numbered users pay, even-numbered ones receive)
 * @param usersSeed the seed they were seeded with
 * @param duplicateRate about this share of the records sent is an exact redelivery (same key, same bytes) of one
 *     of the last {@value TransactionNoise#RECENT} transactions sent
 * @param invalidRate about this share of the records sent is invalid (one of the parser's reasons, see
 *     {@link TransactionNoise}); they take the place of transactions, so {@code count} is every record sent
 */
public record TransactionsOptions(long seed, long count, double fraudRate, PayloadFormat format, int users,
        long usersSeed, double duplicateRate, double invalidRate) {

    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_FRAUD_RATE = 0.02;
    public static final int DEFAULT_USERS = 1000;

    public TransactionsOptions {
        if (count < 0) {
            throw new UserException("Invalid --count: " + count + " (must be at least 1)");
        }
        if (!(fraudRate >= 0 && fraudRate <= 1)) {
            throw new UserException("Invalid --fraud-rate: " + format(fraudRate) + " (must be between 0 and 1)");
        }
        requireNonNull(format, "format");
        if (users < 2 || users > UserSeed.MAX_USERS) {
            throw new UserException("Invalid --users: " + users + " (must be between 2 and " + UserSeed.MAX_USERS
                    + ", the --count given to fluxo seed users)");
        }
        if (!(duplicateRate >= 0 && duplicateRate < 1)) {
            throw new UserException("Invalid --duplicate-rate: " + format(duplicateRate) + " (must be at least 0 and below 1)");
        }
        if (!(invalidRate >= 0 && invalidRate < 1)) {
            throw new UserException("Invalid --invalid-rate: " + format(invalidRate) + " (must be at least 0 and below 1)");
        }
        if (duplicateRate + invalidRate >= 1) {
            throw new UserException("Invalid --duplicate-rate " + format(duplicateRate) + " with --invalid-rate "
                    + format(invalidRate) + ": together they must stay below 1, or no transaction is left to send");
        }
    }

    /** Without duplicates or invalid records. */
    public TransactionsOptions(long seed, long count, double fraudRate, PayloadFormat format, int users, long usersSeed) {
        this(seed, count, fraudRate, format, users, usersSeed, 0, 0);
    }

    /** Whether some records are redeliveries or invalid. */
    public boolean noisy() {
        return duplicateRate > 0 || invalidRate > 0;
    }

    /** Seed 42, 2 % fraud, JSON, the 1000 users of {@code fluxo seed users --count 1000 --seed 42}. */
    public static TransactionsOptions defaults(long count) {
        return new TransactionsOptions(DEFAULT_SEED, count, DEFAULT_FRAUD_RATE, PayloadFormat.JSON, DEFAULT_USERS,
                DEFAULT_SEED);
    }

    /** An unbounded run, for the demo: transactions until stopped. */
    public static TransactionsOptions continuous() {
        return defaults(0);
    }

    public boolean unbounded() {
        return count == 0 || count == Long.MAX_VALUE;
    }

    /**
     * The CLI's --format.
     *
     * @throws UserException "Invalid --format: xml (use json or avro)"
     */
    public static PayloadFormat parseFormat(String value) {
        return PayloadFormat.parse(value)
                .orElseThrow(() -> new UserException("Invalid --format: " + value + " (use json or avro)"));
    }

    public TransactionsOptions withSeed(long seed) {
        return new TransactionsOptions(seed, count, fraudRate, format, users, usersSeed, duplicateRate, invalidRate);
    }

    public TransactionsOptions withCount(long count) {
        return new TransactionsOptions(seed, count, fraudRate, format, users, usersSeed, duplicateRate, invalidRate);
    }

    public TransactionsOptions withFraudRate(double fraudRate) {
        return new TransactionsOptions(seed, count, fraudRate, format, users, usersSeed, duplicateRate, invalidRate);
    }

    public TransactionsOptions withFormat(PayloadFormat format) {
        return new TransactionsOptions(seed, count, fraudRate, format, users, usersSeed, duplicateRate, invalidRate);
    }

    public TransactionsOptions withUsers(int users) {
        return new TransactionsOptions(seed, count, fraudRate, format, users, usersSeed, duplicateRate, invalidRate);
    }

    public TransactionsOptions withUsersSeed(long usersSeed) {
        return new TransactionsOptions(seed, count, fraudRate, format, users, usersSeed, duplicateRate, invalidRate);
    }

    public TransactionsOptions withDuplicateRate(double duplicateRate) {
        return new TransactionsOptions(seed, count, fraudRate, format, users, usersSeed, duplicateRate, invalidRate);
    }

    public TransactionsOptions withInvalidRate(double invalidRate) {
        return new TransactionsOptions(seed, count, fraudRate, format, users, usersSeed, duplicateRate, invalidRate);
    }

    private static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? String.format(Locale.ROOT, "%.0f", value)
                : Double.toString(value);
    }
}
