package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Transaction;
import static java.util.Objects.requireNonNull;

/**
 * The rules of DESIGN §1.2, checked in this order, the first that holds deciding:
 * <ol>
 * <li>valor_transacao > the payer's balance: SALDO_INSUFICIENTE;</li>
 * <li>valor_transacao > the payer's limit for the modality: LIMITE_EXCEDIDO;</li>
 * <li>risk score > threshold (both at 4 places): SUSPEITA_FRAUDE;</li>
 * <li>otherwise approved, and the payer is debited.</li>
 * </ol>
 * An amount equal to the balance or to the limit, or a score equal to the threshold, passes.
 *
 * <p>For the stateful step: the payer's profile is updated by {@link #apply}; the receiver's credit of an
 * approved payment is not — it goes through the ledger and is applied to the receiver's profile with
 * {@link PayerProfile#credit} when it arrives, so a payer's balance here lacks the credits still in flight.
 */
public final class Verdicts {
    /** A verdict and the payer's profile after it. */
    public record Decision(Verdict verdict, PayerProfile payerAfter) {
        public Decision {
            requireNonNull(verdict, "verdict");
            requireNonNull(payerAfter, "payerAfter");
        }
    }

    private Verdicts() {
    }

    /** The verdict of {@code tx} against its payer's profile before it. */
    public static Verdict decide(PayerProfile payer, Transaction tx, RiskWeights weights) {
        requireNonNull(payer, "payer");
        requireNonNull(tx, "tx");
        requireNonNull(weights, "weights");
        if (!payer.idUsuario().equals(tx.idUsuarioPagador())) {
            throw new IllegalArgumentException("Invalid transaction " + tx.idTransacao() + ": payer "
                    + tx.idUsuarioPagador() + " (the profile is " + payer.idUsuario() + "'s)");
        }
        RiskScore score = RiskScorer.score(payer, tx, weights);
        if (tx.valorTransacao().compareTo(payer.saldo()) > 0) {
            return Verdict.refused(Motivo.SALDO_INSUFICIENTE, score);
        }
        if (tx.valorTransacao().compareTo(payer.limitFor(tx.modalidadePagamento())) > 0) {
            return Verdict.refused(Motivo.LIMITE_EXCEDIDO, score);
        }
        if (score.score().compareTo(weights.thresholdDecimal()) > 0) {
            return Verdict.refused(Motivo.SUSPEITA_FRAUDE, score);
        }
        return Verdict.approved(score);
    }

    /** The payer after {@code verdict}: debited when approved; the attempt counts in velocity either way. */
    public static PayerProfile apply(PayerProfile payer, Transaction tx, Verdict verdict, RiskWeights weights) {
        requireNonNull(verdict, "verdict");
        requireNonNull(weights, "weights");
        return verdict.aprovada() ? payer.approve(tx, weights.velocityWindowMillis())
                : payer.reject(tx, weights.velocityWindowMillis());
    }

    /** {@link #decide} then {@link #apply}. */
    public static Decision process(PayerProfile payer, Transaction tx, RiskWeights weights) {
        Verdict verdict = decide(payer, tx, weights);
        return new Decision(verdict, apply(payer, tx, verdict, weights));
    }
}
