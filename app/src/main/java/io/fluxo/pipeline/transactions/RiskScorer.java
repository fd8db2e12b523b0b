package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Regions;
import io.fluxo.banking.Region;
import io.fluxo.banking.Transaction;
import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The risk score of a transaction against its payer's profile before it (DESIGN §1.2). Pure. Each
 * component is in [0, 1], rounded HALF_UP to 4 places:
 * <ul>
 * <li>amount = clamp((valor − mean) / ({@value #AMOUNT_SPAN} × mean)), mean = the payer's mean approved
 *     amount ({@link PayerProfile#mean()}); 0 at or below the mean, 1 from 5 times the mean. 0 while the
 *     payer has no approved payment: there is no habit to compare with, and the other components and the
 *     limits still apply.</li>
 * <li>hour, by the hour of data_horario in America/Sao_Paulo: 1 from 00:00 to 05:59, then 0.6 (06h), 0.3
 *     (07h), 0 from 08:00 to 19:59, rising again 0.2 (20h), 0.4 (21h), 0.6 (22h), 0.8 (23h).</li>
 * <li>distance = great-circle (haversine, Earth radius {@value #EARTH_RADIUS_KM} km) distance between the
 *     capitals of the transaction's UF and of the payer's home UF, divided by the largest such distance
 *     between two capitals ({@link #maxDistanceKm()}, Boa Vista–Porto Alegre): 0 at home, 1 across the
 *     country.</li>
 * <li>velocity = min(1, n / saturation), n = the payer's earlier transactions (any verdict) with
 *     data_horario in (t − window, t]: a transaction exactly one window earlier no longer counts.</li>
 * </ul>
 * score = Σ weightᵢ × componentᵢ / Σ weightᵢ over the rounded components, in decimal arithmetic with the
 * weights as written (0.4, not the nearest double), rounded HALF_UP to 4 places.
 */
public final class RiskScorer {
    /** The amount component reaches 1 at (1 + AMOUNT_SPAN) times the mean. */
    public static final int AMOUNT_SPAN = 4;
    public static final double EARTH_RADIUS_KM = 6371.0;
    public static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

    private static final double[] HOUR_RISK = {
        1, 1, 1, 1, 1, 1, 0.6, 0.3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.2, 0.4, 0.6, 0.8
    };
    private static final List<Region> REGIONS = Regions.all();
    private static final double[][] DISTANCE_KM = new double[REGIONS.size()][REGIONS.size()];
    private static final double MAX_DISTANCE_KM;

    static {
        double max = 0;
        for (int i = 0; i < REGIONS.size(); i++) {
            for (int j = 0; j < REGIONS.size(); j++) {
                Region a = REGIONS.get(i);
                Region b = REGIONS.get(j);
                DISTANCE_KM[i][j] = haversineKm(a.latitude(), a.longitude(), b.latitude(), b.longitude());
                max = Math.max(max, DISTANCE_KM[i][j]);
            }
        }
        MAX_DISTANCE_KM = max;
    }

    private RiskScorer() {
    }

    /** The risk of {@code tx} given its payer's profile before it. */
    public static RiskScore score(PayerProfile payer, Transaction tx, RiskWeights weights) {
        requireNonNull(payer, "payer");
        requireNonNull(tx, "tx");
        requireNonNull(weights, "weights");
        BigDecimal amount = amountComponent(tx.valorTransacao(), payer.mean());
        BigDecimal hour = hourComponent(tx.dataHorario());
        BigDecimal distance = distanceComponent(tx.idRegiao(), payer.homeRegion());
        BigDecimal velocity = velocityComponent(payer.countWithin(tx.dataHorario(), weights.velocityWindowMillis()),
                weights.velocitySaturation());
        return new RiskScore(combine(weights, amount, hour, distance, velocity), amount, hour, distance, velocity);
    }

    /** Σ wᵢcᵢ / Σ wᵢ, HALF_UP to 4 places. */
    public static BigDecimal combine(RiskWeights w, BigDecimal amount, BigDecimal hour, BigDecimal distance,
            BigDecimal velocity) {
        BigDecimal wa = BigDecimal.valueOf(w.amount());
        BigDecimal wh = BigDecimal.valueOf(w.hour());
        BigDecimal wd = BigDecimal.valueOf(w.distance());
        BigDecimal wv = BigDecimal.valueOf(w.velocity());
        BigDecimal sum = wa.multiply(amount).add(wh.multiply(hour)).add(wd.multiply(distance)).add(wv.multiply(velocity));
        return sum.divide(wa.add(wh).add(wd).add(wv), 4, RoundingMode.HALF_UP);
    }

    /** clamp((valor − mean) / (4 × mean)); 0 when {@code mean} is null (no approved payment yet). */
    public static BigDecimal amountComponent(BigDecimal valor, BigDecimal mean) {
        requireNonNull(valor, "valor");
        if (mean == null || mean.signum() <= 0) {
            return rounded(0);
        }
        BigDecimal ratio = valor.subtract(mean).divide(mean.multiply(BigDecimal.valueOf(AMOUNT_SPAN)), 4, RoundingMode.HALF_UP);
        return ratio.max(BigDecimal.ZERO).min(BigDecimal.ONE).setScale(4, RoundingMode.HALF_UP);
    }

    public static BigDecimal hourComponent(long epochMillis) {
        int hour = Instant.ofEpochMilli(epochMillis).atZone(ZONE).getHour();
        return rounded(HOUR_RISK[hour]);
    }

    /** Distance between the two UFs' capitals over the largest one; 0 when either UF is unknown. */
    public static BigDecimal distanceComponent(String txRegion, String homeRegion) {
        int a = indexOf(txRegion);
        int b = indexOf(homeRegion);
        if (a < 0 || b < 0) {
            return rounded(0);
        }
        return rounded(DISTANCE_KM[a][b] / MAX_DISTANCE_KM);
    }

    public static BigDecimal velocityComponent(int earlierInWindow, int saturation) {
        if (earlierInWindow < 0 || saturation < 1) {
            throw new IllegalArgumentException("Invalid velocity count: " + earlierInWindow + "/" + saturation
                    + " (count must be 0 or more, saturation 1 or more)");
        }
        return BigDecimal.valueOf(Math.min(earlierInWindow, saturation)).divide(BigDecimal.valueOf(saturation), 4,
                RoundingMode.HALF_UP);
    }

    /** Great-circle distance in km between the capitals of two UFs. */
    public static double distanceKm(String regionA, String regionB) {
        int a = indexOf(regionA);
        int b = indexOf(regionB);
        if (a < 0 || b < 0) {
            throw new IllegalArgumentException("Invalid UF: " + (a < 0 ? regionA : regionB) + " (not one of the 27)");
        }
        return DISTANCE_KM[a][b];
    }

    /** The largest distance between two capitals, the distance component's 1. */
    public static double maxDistanceKm() {
        return MAX_DISTANCE_KM;
    }

    /** Haversine; StrictMath so the same inputs give the same bits on every JVM. */
    public static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
        double p1 = StrictMath.toRadians(lat1);
        double p2 = StrictMath.toRadians(lat2);
        double dp = p2 - p1;
        double dl = StrictMath.toRadians(lon2 - lon1);
        double h = StrictMath.sin(dp / 2) * StrictMath.sin(dp / 2)
                + StrictMath.cos(p1) * StrictMath.cos(p2) * StrictMath.sin(dl / 2) * StrictMath.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * StrictMath.asin(StrictMath.sqrt(Math.min(1, h)));
    }

    private static int indexOf(String region) {
        if (region == null) {
            return -1;
        }
        for (int i = 0; i < REGIONS.size(); i++) {
            if (REGIONS.get(i).idRegiao().equals(region)) {
                return i;
            }
        }
        return -1;
    }

    private static BigDecimal rounded(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP);
    }
}
