package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Modality;
import io.fluxo.banking.Transaction;
import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the transactions pipeline keeps per user (DESIGN §1.2): balance, limits, home UF, the approved
 * payments behind the running mean, and the times of the latest transactions for velocity. Immutable:
 * each method returns the new profile.
 *
 * <p>The mean is kept as an exact total and count, so it never drifts however many payments it covers;
 * {@link #mean()} rounds only when read.
 *
 * @param saldo the balance, scale 2; never negative through these methods
 * @param approvedCount payments approved so far
 * @param approvedTotal their sum, scale 2
 * @param recentTimes data_horario of the latest transactions of this payer, any verdict, ascending, at
 *     most {@link #MAX_RECENT}, none older than the newest minus the velocity window
 */
public record PayerProfile(String idUsuario, String homeRegion, BigDecimal saldo, BigDecimal limitePix,
        BigDecimal limiteTed, BigDecimal limiteDoc, BigDecimal limiteBoleto, long approvedCount,
        BigDecimal approvedTotal, List<Long> recentTimes) implements Serializable {

    /** Bound of {@link #recentTimes}: velocity saturates at a count no larger than this. */
    public static final int MAX_RECENT = 64;
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    public PayerProfile {
        requireNonNull(idUsuario, "idUsuario");
        requireNonNull(homeRegion, "homeRegion");
        saldo = cents("saldo", saldo);
        limitePix = cents("limitePix", limitePix);
        limiteTed = cents("limiteTed", limiteTed);
        limiteDoc = cents("limiteDoc", limiteDoc);
        limiteBoleto = cents("limiteBoleto", limiteBoleto);
        approvedTotal = cents("approvedTotal", approvedTotal);
        if (approvedCount < 0) {
            throw new IllegalArgumentException("Invalid approvedCount: " + approvedCount + " (must be 0 or more)");
        }
        requireNonNull(recentTimes, "recentTimes");
        if (recentTimes.size() > MAX_RECENT) {
            throw new IllegalArgumentException("Invalid recentTimes: " + recentTimes.size() + " times (at most " + MAX_RECENT + ")");
        }
        recentTimes = List.copyOf(recentTimes);
        for (int i = 1; i < recentTimes.size(); i++) {
            if (recentTimes.get(i) < recentTimes.get(i - 1)) {
                throw new IllegalArgumentException("Invalid recentTimes: " + recentTimes + " (must be ascending)");
            }
        }
    }

    /** A user's profile before any transaction: the seeded balance and limits, no history. */
    public static PayerProfile of(UserSeed.User user) {
        requireNonNull(user, "user");
        return new PayerProfile(user.idUsuario(), user.idRegiao(), user.saldo(), user.limitePix(), user.limiteTed(),
                user.limiteDoc(), user.limiteBoleto(), 0, ZERO, List.of());
    }

    public BigDecimal limitFor(Modality modality) {
        return switch (requireNonNull(modality, "modality")) {
            case PIX -> limitePix;
            case TED -> limiteTed;
            case DOC -> limiteDoc;
            case BOLETO -> limiteBoleto;
        };
    }

    /** The mean approved amount rounded to cents HALF_EVEN; null before the first approval. */
    public BigDecimal mean() {
        return approvedCount == 0 ? null : approvedTotal.divide(BigDecimal.valueOf(approvedCount), 2, RoundingMode.HALF_EVEN);
    }

    /** Earlier transactions with data_horario in (time − windowMillis, time]. */
    public int countWithin(long time, long windowMillis) {
        int n = 0;
        for (long t : recentTimes) {
            if (t > time - windowMillis && t <= time) {
                n++;
            }
        }
        return n;
    }

    /** The payer after an approved payment: debited, counted in the mean and in velocity. */
    public PayerProfile approve(Transaction tx, long velocityWindowMillis) {
        checkPayer(tx);
        BigDecimal valor = tx.valorTransacao();
        if (valor.compareTo(saldo) > 0) {
            throw new IllegalArgumentException("Invalid approval of " + tx.idTransacao() + ": " + valor.toPlainString()
                    + " (over the balance of " + saldo.toPlainString() + ")");
        }
        return new PayerProfile(idUsuario, homeRegion, saldo.subtract(valor), limitePix, limiteTed, limiteDoc,
                limiteBoleto, approvedCount + 1, approvedTotal.add(valor), withTime(tx.dataHorario(), velocityWindowMillis));
    }

    /**
     * The payer after a refused payment: balance and mean unchanged, but the attempt counts in velocity —
     * a burst of refused attempts is as telling as one of approved ones.
     */
    public PayerProfile reject(Transaction tx, long velocityWindowMillis) {
        checkPayer(tx);
        return new PayerProfile(idUsuario, homeRegion, saldo, limitePix, limiteTed, limiteDoc, limiteBoleto,
                approvedCount, approvedTotal, withTime(tx.dataHorario(), velocityWindowMillis));
    }

    /** This user after receiving {@code amount} as the receiver of an approved payment (the ledger). */
    public PayerProfile credit(BigDecimal amount) {
        BigDecimal credit = cents("amount", amount);
        if (credit.signum() < 0) {
            throw new IllegalArgumentException("Invalid credit: " + amount.toPlainString() + " (must not be negative)");
        }
        return new PayerProfile(idUsuario, homeRegion, saldo.add(credit), limitePix, limiteTed, limiteDoc, limiteBoleto,
                approvedCount, approvedTotal, recentTimes);
    }

    /**
     * The times with {@code time} added, dropping those no later transaction (in data_horario order) can
     * count and keeping the latest {@link #MAX_RECENT}.
     */
    private List<Long> withTime(long time, long windowMillis) {
        List<Long> times = new ArrayList<>(recentTimes.size() + 1);
        times.addAll(recentTimes);
        int at = Collections.binarySearch(times, time);
        times.add(at < 0 ? -at - 1 : at, time);
        long newest = times.get(times.size() - 1);
        int from = 0;
        while (from < times.size() && times.get(from) <= newest - windowMillis) {
            from++;
        }
        from = Math.max(from, times.size() - MAX_RECENT);
        return times.subList(from, times.size());
    }

    private void checkPayer(Transaction tx) {
        requireNonNull(tx, "tx");
        if (!tx.idUsuarioPagador().equals(idUsuario)) {
            throw new IllegalArgumentException("Invalid transaction " + tx.idTransacao() + ": payer "
                    + tx.idUsuarioPagador() + " (this profile is " + idUsuario + "'s)");
        }
    }

    private static BigDecimal cents(String name, BigDecimal amount) {
        requireNonNull(amount, name);
        try {
            return amount.setScale(2);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Invalid " + name + ": " + amount.toPlainString() + " (more than 2 decimal places)");
        }
    }
}
