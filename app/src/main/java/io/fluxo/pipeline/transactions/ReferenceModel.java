package io.fluxo.pipeline.transactions;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules of DESIGN §1.2 written a second time, apart from the pipeline, so that the generator's
 * expectation checks the pipeline's rules instead of repeating them. Fed the transactions in the order
 * they are sent, it gives each one its verdict, its risk score with the four components, and the payer's
 * balance after it. It reads only its own inputs: the settings, the capitals of the UFs (the
 * {@code regioes} table) and the seeded accounts ({@code usuarios}).
 *
 * <p>The rules, as the product states them (the pipeline's {@code Verdicts} and {@code RiskScorer}):
 * <ul>
 * <li>the first that holds decides: valor over the balance (SALDO_INSUFICIENTE), valor over the limit of
 *     the modality (LIMITE_EXCEDIDO), score over the threshold (SUSPEITA_FRAUDE); else approved. Equal
 *     passes. The score is computed for every transaction.</li>
 * <li>balance = seeded saldo − the payer's approved payments so far.</li>
 * <li>amount risk: mean = (sum of the payer's approved payments) / (their count) to cents HALF_EVEN;
 *     (valor − mean) / (4 × mean) clamped to [0, 1]; 0 before the first approval.</li>
 * <li>hour risk by the hour in America/Sao_Paulo: 1 from 00h to 05h, 0.6 at 06h, 0.3 at 07h, 0 from 08h to
 *     19h, then 0.2, 0.4, 0.6, 0.8 from 20h to 23h.</li>
 * <li>distance risk: great-circle distance between the capitals of the transaction's UF and of the payer's
 *     home UF, over the largest distance between two capitals.</li>
 * <li>velocity risk: min(n, saturation) / saturation, n = the payer's earlier transactions, any verdict,
 *     with data_horario in (t − window, t].</li>
 * <li>every component HALF_UP to 4 places; score = Σ weight × component / Σ weight over the rounded
 *     components with the weights as decimals, HALF_UP to 4 places.</li>
 * </ul>
 *
 * <p>Exact only for the traffic the generator sends: each payer's transactions in time order, and no
 * payer ever receiving (a credit reaches a balance through the ledger at a time that depends on the
 * micro-batches). Both are checked.
 */
public final class ReferenceModel {
    /** The clock of the hour risk. */
    public static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

    private static final int PLACES = 4;
    private static final BigDecimal AMOUNT_SPAN = BigDecimal.valueOf(4);
    private static final double EARTH_RADIUS_KM = 6371.0;

    /** Why a transaction is refused; the names are the values of {@code motivo}. */
    public enum Refusal {
        SALDO_INSUFICIENTE,
        LIMITE_EXCEDIDO,
        SUSPEITA_FRAUDE
    }

    /**
     * The pipeline's risk settings, as decimals.
     *
     * @param threshold a score strictly over it is SUSPEITA_FRAUDE
     * @param velocityWindowMillis how far back velocity counts
     * @param velocitySaturation the count at which velocity reaches 1
     */
    public record Settings(BigDecimal amountWeight, BigDecimal hourWeight, BigDecimal distanceWeight,
            BigDecimal velocityWeight, BigDecimal threshold, long velocityWindowMillis, int velocitySaturation) {
        public Settings {
            for (BigDecimal w : List.of(requireNonNull(amountWeight, "amountWeight"),
                    requireNonNull(hourWeight, "hourWeight"), requireNonNull(distanceWeight, "distanceWeight"),
                    requireNonNull(velocityWeight, "velocityWeight"))) {
                if (w.signum() < 0) {
                    throw new IllegalArgumentException("Invalid weight: " + w.toPlainString() + " (must be 0 or more)");
                }
            }
            if (amountWeight.add(hourWeight).add(distanceWeight).add(velocityWeight).signum() == 0) {
                throw new IllegalArgumentException("Invalid weights: all are 0 (at least one must be positive)");
            }
            requireNonNull(threshold, "threshold");
            if (threshold.signum() < 0 || threshold.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("Invalid threshold: " + threshold.toPlainString()
                        + " (must be between 0 and 1)");
            }
            if (velocityWindowMillis < 1 || velocitySaturation < 1) {
                throw new IllegalArgumentException("Invalid velocity settings: window " + velocityWindowMillis
                        + " ms, saturation " + velocitySaturation + " (both must be at least 1)");
            }
        }
    }

    /** The capital of a UF, in decimal degrees. */
    public record Place(String uf, double latitude, double longitude) {
        public Place {
            requireNonNull(uf, "uf");
        }
    }

    /** A user as seeded; amounts in reais with at most 2 decimal places. */
    public record Account(String idUsuario, String homeUf, BigDecimal saldo, BigDecimal limitePix,
            BigDecimal limiteTed, BigDecimal limiteDoc, BigDecimal limiteBoleto) {
        public Account {
            requireNonNull(idUsuario, "idUsuario");
            requireNonNull(homeUf, "homeUf");
            saldo = requireNonNull(saldo, "saldo").setScale(2);
            limitePix = requireNonNull(limitePix, "limitePix").setScale(2);
            limiteTed = requireNonNull(limiteTed, "limiteTed").setScale(2);
            limiteDoc = requireNonNull(limiteDoc, "limiteDoc").setScale(2);
            limiteBoleto = requireNonNull(limiteBoleto, "limiteBoleto").setScale(2);
        }

        /** The limit of one transaction of {@code modalidade} (PIX, TED, DOC, Boleto; any case). */
        public BigDecimal limit(String modalidade) {
            return switch (modalidade.toUpperCase(Locale.ROOT)) {
                case "PIX" -> limitePix;
                case "TED" -> limiteTed;
                case "DOC" -> limiteDoc;
                case "BOLETO" -> limiteBoleto;
                default -> throw new IllegalArgumentException("Invalid modalidade: " + modalidade
                        + " (use PIX, TED, DOC or Boleto)");
            };
        }
    }

    /** One transaction as sent; valor positive with 2 decimal places. */
    public record Payment(String idTransacao, String idPagador, String idRecebedor, String uf, String modalidade,
            long dataHorario, BigDecimal valor) {
        public Payment {
            requireNonNull(idTransacao, "idTransacao");
            requireNonNull(idPagador, "idPagador");
            requireNonNull(idRecebedor, "idRecebedor");
            requireNonNull(uf, "uf");
            requireNonNull(modalidade, "modalidade");
            requireNonNull(valor, "valor");
            if (valor.scale() != 2 || valor.signum() <= 0) {
                throw new IllegalArgumentException("Invalid valor of " + idTransacao + ": " + valor.toPlainString()
                        + " (must be positive with 2 decimal places)");
            }
        }
    }

    /**
     * What the pipeline must write for one transaction.
     *
     * @param motivo null exactly when approved
     * @param saldoAfter the payer's balance after it
     */
    public record Outcome(String idTransacao, boolean aprovada, Refusal motivo, BigDecimal scoreRisco,
            BigDecimal amountRisk, BigDecimal hourRisk, BigDecimal distanceRisk, BigDecimal velocityRisk,
            BigDecimal saldoAfter) {
        public Outcome {
            requireNonNull(idTransacao, "idTransacao");
            if (aprovada != (motivo == null)) {
                throw new IllegalArgumentException("Invalid outcome of " + idTransacao + ": aprovada=" + aprovada
                        + " with motivo " + motivo);
            }
        }
    }

    /** What the model remembers of one payer. */
    private static final class History {
        final Account account;
        BigDecimal approvedSum = BigDecimal.ZERO.setScale(2);
        long approvedCount;
        long lastTime = Long.MIN_VALUE;
        /** data_horario of the payer's transactions that a later one may still count, oldest first. */
        final ArrayDeque<Long> times = new ArrayDeque<>();

        History(Account account) {
            this.account = account;
        }

        BigDecimal saldo() {
            return account.saldo().subtract(approvedSum);
        }

        BigDecimal mean() {
            return approvedCount == 0 ? null
                    : approvedSum.divide(BigDecimal.valueOf(approvedCount), 2, RoundingMode.HALF_EVEN);
        }
    }

    private final Settings settings;
    private final Map<String, Integer> placeIndex = new HashMap<>();
    private final BigDecimal[][] distanceRisk;
    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, History> payers = new HashMap<>();
    private final Set<String> receivers = new HashSet<>();

    public ReferenceModel(Settings settings, List<Place> places, Collection<Account> accounts) {
        this.settings = requireNonNull(settings, "settings");
        requireNonNull(places, "places");
        if (places.isEmpty()) {
            throw new IllegalArgumentException("Invalid places: none (the distance risk needs the UFs' capitals)");
        }
        for (Place p : places) {
            if (placeIndex.putIfAbsent(p.uf(), placeIndex.size()) != null) {
                throw new IllegalArgumentException("Invalid places: " + p.uf() + " twice");
            }
        }
        this.distanceRisk = distanceRisks(places);
        for (Account a : requireNonNull(accounts, "accounts")) {
            if (this.accounts.putIfAbsent(a.idUsuario(), a) != null) {
                throw new IllegalArgumentException("Invalid accounts: " + a.idUsuario() + " twice");
            }
        }
    }

    /**
     * The outcome of {@code payment}, the payer's next transaction, which is then part of the payer's history.
     *
     * @throws IllegalArgumentException for an unknown payer or UF, a payer who received before, a receiver
     *     who paid before, or a transaction earlier than the payer's previous one: the model would be wrong
     */
    public Outcome process(Payment payment) {
        requireNonNull(payment, "payment");
        String payer = payment.idPagador();
        String receiver = payment.idRecebedor();
        if (receivers.contains(payer) || payers.containsKey(receiver) || payer.equals(receiver)) {
            throw new IllegalArgumentException("Cannot model " + payment.idTransacao() + ": "
                    + (payers.containsKey(receiver) ? receiver : payer)
                    + " both pays and receives (credits arrive at a time the model cannot know)");
        }
        History h = history(payer);
        if (payment.dataHorario() < h.lastTime) {
            throw new IllegalArgumentException("Cannot model " + payment.idTransacao() + ": data_horario "
                    + payment.dataHorario() + " is before the payer's previous transaction at " + h.lastTime);
        }
        BigDecimal limit = h.account.limit(payment.modalidade());
        BigDecimal amount = amountRisk(payment.valor(), h.mean());
        BigDecimal hour = hourRisk(payment.dataHorario());
        BigDecimal distance = distanceRisk(payment.uf(), h.account.homeUf());
        BigDecimal velocity = velocityRisk(earlierWithinWindow(h, payment.dataHorario()), settings.velocitySaturation());
        BigDecimal score = score(settings, amount, hour, distance, velocity);

        Refusal motivo = null;
        if (payment.valor().compareTo(h.saldo()) > 0) {
            motivo = Refusal.SALDO_INSUFICIENTE;
        } else if (payment.valor().compareTo(limit) > 0) {
            motivo = Refusal.LIMITE_EXCEDIDO;
        } else if (score.compareTo(settings.threshold()) > 0) {
            motivo = Refusal.SUSPEITA_FRAUDE;
        }

        if (motivo == null) {
            h.approvedSum = h.approvedSum.add(payment.valor());
            h.approvedCount++;
        }
        remember(h, payment.dataHorario());
        payers.putIfAbsent(payer, h);
        receivers.add(receiver);
        return new Outcome(payment.idTransacao(), motivo == null, motivo, score, amount, hour, distance, velocity,
                h.saldo());
    }

    /** The balance of {@code idUsuario} now: seeded, less the approved payments. */
    public BigDecimal saldo(String idUsuario) {
        return history(idUsuario).saldo();
    }

    /** How many payments of {@code idUsuario} were approved so far. */
    public long approvedCount(String idUsuario) {
        return history(idUsuario).approvedCount;
    }

    /** The mean of the approved payments of {@code idUsuario}, to cents HALF_EVEN; null before the first. */
    public BigDecimal mean(String idUsuario) {
        return history(idUsuario).mean();
    }

    /** The distance risk of a transaction from {@code uf} by a payer living in {@code homeUf}. */
    public BigDecimal distanceRisk(String uf, String homeUf) {
        return distanceRisk[index(uf)][index(homeUf)];
    }

    /** (valor − mean) / (4 × mean) clamped to [0, 1], HALF_UP to 4 places; 0 without a mean. */
    static BigDecimal amountRisk(BigDecimal valor, BigDecimal mean) {
        if (mean == null) {
            return fraction(BigDecimal.ZERO);
        }
        BigDecimal excess = valor.subtract(mean);
        BigDecimal span = mean.multiply(AMOUNT_SPAN);
        if (excess.signum() <= 0) {
            return fraction(BigDecimal.ZERO);
        }
        if (excess.compareTo(span) >= 0) {
            return fraction(BigDecimal.ONE);
        }
        return excess.divide(span, PLACES, RoundingMode.HALF_UP);
    }

    static BigDecimal hourRisk(long epochMillis) {
        int h = Instant.ofEpochMilli(epochMillis).atZone(ZONE).getHour();
        BigDecimal risk;
        if (h < 6) {
            risk = BigDecimal.ONE;
        } else if (h == 6) {
            risk = new BigDecimal("0.6");
        } else if (h == 7) {
            risk = new BigDecimal("0.3");
        } else if (h < 20) {
            risk = BigDecimal.ZERO;
        } else {
            risk = BigDecimal.valueOf(2L * (h - 19), 1); // 20h 0.2, 21h 0.4, 22h 0.6, 23h 0.8
        }
        return fraction(risk);
    }

    static BigDecimal velocityRisk(int earlier, int saturation) {
        return BigDecimal.valueOf(Math.min(earlier, saturation)).divide(BigDecimal.valueOf(saturation), PLACES,
                RoundingMode.HALF_UP);
    }

    static BigDecimal score(Settings s, BigDecimal amount, BigDecimal hour, BigDecimal distance, BigDecimal velocity) {
        BigDecimal[] weights = {s.amountWeight(), s.hourWeight(), s.distanceWeight(), s.velocityWeight()};
        BigDecimal[] risks = {amount, hour, distance, velocity};
        BigDecimal weighted = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < weights.length; i++) {
            weighted = weighted.add(weights[i].multiply(risks[i]));
            total = total.add(weights[i]);
        }
        return weighted.divide(total, PLACES, RoundingMode.HALF_UP);
    }

    /** Great-circle distance in km through the chord between the two points on the unit sphere. */
    static double greatCircleKm(double lat1, double lon1, double lat2, double lon2) {
        double[] a = unitVector(lat1, lon1);
        double[] b = unitVector(lat2, lon2);
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        double dz = a[2] - b[2];
        double chord = StrictMath.sqrt(dx * dx + dy * dy + dz * dz);
        return EARTH_RADIUS_KM * 2 * StrictMath.asin(Math.min(1, chord / 2));
    }

    private static double[] unitVector(double latDegrees, double lonDegrees) {
        double lat = StrictMath.toRadians(latDegrees);
        double lon = StrictMath.toRadians(lonDegrees);
        return new double[] {StrictMath.cos(lat) * StrictMath.cos(lon), StrictMath.cos(lat) * StrictMath.sin(lon),
            StrictMath.sin(lat)};
    }

    private static BigDecimal[][] distanceRisks(List<Place> places) {
        int n = places.size();
        double[][] km = new double[n][n];
        double farthest = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                Place a = places.get(i);
                Place b = places.get(j);
                km[i][j] = greatCircleKm(a.latitude(), a.longitude(), b.latitude(), b.longitude());
                farthest = Math.max(farthest, km[i][j]);
            }
        }
        BigDecimal[][] risk = new BigDecimal[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                risk[i][j] = fraction(farthest == 0 ? BigDecimal.ZERO : new BigDecimal(km[i][j] / farthest));
            }
        }
        return risk;
    }

    private int earlierWithinWindow(History h, long time) {
        int n = 0;
        for (long t : h.times) {
            if (t > time - settings.velocityWindowMillis() && t <= time) {
                n++;
            }
        }
        return n;
    }

    /** Adds {@code time}, forgetting the times no later transaction (at {@code time} or after) can count. */
    private void remember(History h, long time) {
        h.lastTime = time;
        h.times.addLast(time);
        while (h.times.peekFirst() <= time - settings.velocityWindowMillis()) {
            h.times.removeFirst();
        }
    }

    /** The history of {@code idUsuario}, empty (and not kept) for one who has not paid yet. */
    private History history(String idUsuario) {
        History h = payers.get(requireNonNull(idUsuario, "idUsuario"));
        return h != null ? h : new History(account(idUsuario));
    }

    private Account account(String idUsuario) {
        Account a = accounts.get(idUsuario);
        if (a == null) {
            throw new IllegalArgumentException("Invalid payer: " + idUsuario + " (no such account)");
        }
        return a;
    }

    private int index(String uf) {
        Integer i = placeIndex.get(uf);
        if (i == null) {
            throw new IllegalArgumentException("Invalid UF: " + uf + " (not among the places)");
        }
        return i;
    }

    private static BigDecimal fraction(BigDecimal value) {
        return value.setScale(PLACES, RoundingMode.HALF_UP);
    }
}
