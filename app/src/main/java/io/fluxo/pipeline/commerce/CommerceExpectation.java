package io.fluxo.pipeline.commerce;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a commerce generator run sent, and what the commerce tables must hold after it: the reference model of
 * DESIGN §1.4 written again in plain Java, apart from the pipeline's rules (it uses none of {@code Sessions},
 * {@code WindowKind}, {@code Ratios}, {@code RevenueAnomaly} or the batch writer), so that a run checks the rules as
 * well as the streaming machinery.
 *
 * <p>Which events are late depends on how the pipeline cut its micro-batches (an event is late against the
 * watermark of the batch that read it), so the model takes the ids the pipeline judged late ({@code late_events})
 * and holds everything else to the rules: every other valid event is on time and counts exactly once. The final
 * watermark is the newest event time of all valid events sent, late ones included, minus the watermark: the one in
 * force once the pipeline has read everything and run one more batch.
 *
 * @param events every valid event sent, in the order sent
 * @param categories the catalog category of each known product; a product absent here is unknown (null category)
 * @param segments the catalog segment of each known customer; a user absent here is unknown (null segment)
 * @param invalid every invalid record sent, in the order sent
 */
public record CommerceExpectation(Assumptions assumptions, List<Event> events, Map<String, String> categories,
        Map<String, String> segments, List<InvalidRecord> invalid) {
    static final String TUMBLING = "tumbling_1m";
    static final String SLIDING = "sliding_5m";
    static final String ABANDONED_CART = "ABANDONED_CART";
    static final String REVENUE_ANOMALY = "REVENUE_ANOMALY";
    static final long MINUTE = 60_000L;
    static final long SLIDING_SIZE = 5 * MINUTE;
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);
    private static final MathContext SQRT = new MathContext(60, RoundingMode.HALF_EVEN);

    public CommerceExpectation {
        requireNonNull(assumptions, "assumptions");
        events = List.copyOf(events);
        categories = Collections.unmodifiableMap(new TreeMap<>(categories));
        segments = Collections.unmodifiableMap(new TreeMap<>(segments));
        invalid = List.copyOf(invalid);
    }

    /**
     * The settings the expectation holds for: the pipeline must run with the same.
     *
     * @param z the anomaly threshold (fluxo.commerce.anomaly.z)
     */
    public record Assumptions(long watermarkMillis, long sessionGapMillis, BigDecimal z, int history, int minHistory) {
        public Assumptions {
            requireNonNull(z, "z");
            if (watermarkMillis < 0 || sessionGapMillis < 1 || z.signum() <= 0 || minHistory < 1
                    || history < minHistory) {
                throw new IllegalArgumentException("Invalid assumptions: watermark " + watermarkMillis
                        + " ms, session gap " + sessionGapMillis + " ms, z " + z + ", history " + history
                        + ", min-history " + minHistory);
            }
        }

        /** The defaults of fluxo.commerce: 10 s, 5 min, z 3 over 30 windows, at least 10. */
        public static Assumptions defaults() {
            return new Assumptions(10_000, 300_000, BigDecimal.valueOf(3), 30, 10);
        }
    }

    /** One valid event as sent. @param amount scale 2 */
    public record Event(String eventId, String userId, String productId, EventType type, BigDecimal amount,
            long eventTimeMillis) {
        public Event {
            requireNonNull(eventId, "eventId");
            requireNonNull(userId, "userId");
            requireNonNull(productId, "productId");
            requireNonNull(type, "type");
            requireNonNull(amount, "amount");
            if (amount.scale() != 2 || amount.signum() < 0) {
                throw new IllegalArgumentException("Invalid amount: " + amount + " (must be 0.00 or more, 2 places)");
            }
        }
    }

    /** One invalid record as sent: the reason the parser must give, and the SHA-256 of its value (hex). */
    public record InvalidRecord(CommerceReason reason, String valueSha256) {
        public InvalidRecord {
            requireNonNull(reason, "reason");
            requireNonNull(valueSha256, "valueSha256");
        }
    }

    /** A row of commerce_product_windows; start and end in epoch milliseconds. */
    public record WindowRow(String kind, long windowStart, long windowEnd, String productId, String category,
            long pageViews, long addToCarts, long purchases, BigDecimal revenue, BigDecimal avgPurchase) {
    }

    /** A row of commerce_funnel. */
    public record FunnelRow(long windowStart, long windowEnd, long pageViews, long addToCarts, long purchases,
            BigDecimal viewToCart, BigDecimal cartToPurchase, BigDecimal viewToPurchase) {
    }

    /** A row of commerce_sessions. */
    public record SessionRow(String userId, long sessionStart, long sessionEnd, String segment, long events,
            long pageViews, long addToCarts, long purchases, BigDecimal value, boolean converted, boolean abandoned) {
    }

    /** A row of commerce_alerts, without detected_at and details. */
    public record AlertRow(String kind, String key, BigDecimal riskScore) {
    }

    /**
     * What the tables must hold, each list in key order.
     *
     * @param enriched how many records sales_events.enriched must hold: the on-time events
     * @param finalWatermark epoch milliseconds; Long.MIN_VALUE when nothing valid was sent
     */
    public record Tables(List<WindowRow> windows, List<FunnelRow> funnel, List<SessionRow> sessions,
            List<AlertRow> alerts, long enriched, long finalWatermark) {
        public Tables {
            windows = List.copyOf(windows);
            funnel = List.copyOf(funnel);
            sessions = List.copyOf(sessions);
            alerts = List.copyOf(alerts);
        }
    }

    /** Null for an unknown product. */
    public String category(String productId) {
        return categories.get(productId);
    }

    /** Null for an unknown user. */
    public String segment(String userId) {
        return segments.get(userId);
    }

    /** The invalid records counted by reason, in reason order; reasons with none are absent. */
    public Map<CommerceReason, Long> invalidCounts() {
        Map<CommerceReason, Long> counts = new EnumMap<>(CommerceReason.class);
        invalid.forEach(r -> counts.merge(r.reason(), 1L, Long::sum));
        return Collections.unmodifiableMap(counts);
    }

    /** The newest event time of every valid event sent, minus the watermark; Long.MIN_VALUE when none was sent. */
    public long finalWatermark() {
        return events.stream().mapToLong(Event::eventTimeMillis).max().stream()
                .map(t -> t - assumptions.watermarkMillis()).findFirst().orElse(Long.MIN_VALUE);
    }

    /**
     * What every table must hold when the pipeline judged exactly {@code lateIds} late.
     *
     * @throws IllegalArgumentException when a late id is not one of the events sent
     */
    public Tables tables(Collection<String> lateIds) {
        Set<String> late = new HashSet<>(lateIds);
        List<Event> onTime = new ArrayList<>(events.size());
        Set<String> known = new HashSet<>();
        for (Event e : events) {
            known.add(e.eventId());
            if (!late.contains(e.eventId())) {
                onTime.add(e);
            }
        }
        for (String id : late) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException("Unknown late event id: " + id + " (not sent by this run)");
            }
        }
        long watermark = finalWatermark();
        List<WindowRow> windows = windows(onTime);
        List<SessionRow> sessions = sessions(onTime, watermark);
        List<AlertRow> alerts = new ArrayList<>();
        for (SessionRow s : sessions) {
            if (s.abandoned()) {
                alerts.add(new AlertRow(ABANDONED_CART, s.userId() + "@" + Instant.ofEpochMilli(s.sessionStart()),
                        BigDecimal.valueOf(s.addToCarts()).divide(BigDecimal.valueOf(s.addToCarts() + 1), 4,
                                RoundingMode.HALF_EVEN)));
            }
        }
        alerts.addAll(anomalies(windows, watermark));
        alerts.sort(Comparator.comparing(AlertRow::kind).thenComparing(AlertRow::key));
        return new Tables(windows, funnel(onTime), sessions, alerts, onTime.size(), watermark);
    }

    private record WindowKey(String kind, long start, String productId) {
    }

    /** Mutable sums of one window or session. */
    private static final class Counts {
        long views;
        long carts;
        long purchases;
        BigDecimal revenue = ZERO;

        void add(Event e) {
            switch (e.type()) {
                case PAGE_VIEW -> views++;
                case ADD_TO_CART -> carts++;
                case PURCHASE -> {
                    purchases++;
                    revenue = revenue.add(e.amount());
                }
            }
        }
    }

    private List<WindowRow> windows(List<Event> onTime) {
        Map<WindowKey, Counts> sums = new HashMap<>();
        for (Event e : onTime) {
            long minute = Math.floorDiv(e.eventTimeMillis(), MINUTE) * MINUTE;
            sums.computeIfAbsent(new WindowKey(TUMBLING, minute, e.productId()), k -> new Counts()).add(e);
            for (int k = 0; k < 5; k++) {
                sums.computeIfAbsent(new WindowKey(SLIDING, minute - k * MINUTE, e.productId()), x -> new Counts()).add(e);
            }
        }
        List<WindowRow> rows = new ArrayList<>(sums.size());
        sums.forEach((k, c) -> rows.add(new WindowRow(k.kind(), k.start(),
                k.start() + (k.kind().equals(TUMBLING) ? MINUTE : SLIDING_SIZE), k.productId(), category(k.productId()),
                c.views, c.carts, c.purchases, c.revenue, ratio(c.revenue, c.purchases, 2))));
        rows.sort(Comparator.comparing(WindowRow::kind).thenComparingLong(WindowRow::windowStart)
                .thenComparing(WindowRow::productId));
        return rows;
    }

    private static List<FunnelRow> funnel(List<Event> onTime) {
        Map<Long, Counts> sums = new TreeMap<>();
        for (Event e : onTime) {
            sums.computeIfAbsent(Math.floorDiv(e.eventTimeMillis(), MINUTE) * MINUTE, k -> new Counts()).add(e);
        }
        List<FunnelRow> rows = new ArrayList<>(sums.size());
        sums.forEach((start, c) -> rows.add(new FunnelRow(start, start + MINUTE, c.views, c.carts, c.purchases,
                ratio(BigDecimal.valueOf(c.carts), c.views, 4), ratio(BigDecimal.valueOf(c.purchases), c.carts, 4),
                ratio(BigDecimal.valueOf(c.purchases), c.views, 4))));
        return rows;
    }

    /** numerator / denominator, half to even, or null when the denominator is 0. */
    static BigDecimal ratio(BigDecimal numerator, long denominator, int places) {
        return denominator == 0 ? null : numerator.divide(BigDecimal.valueOf(denominator), places, RoundingMode.HALF_EVEN);
    }

    private List<SessionRow> sessions(List<Event> onTime, long watermark) {
        Map<String, List<Event>> byUser = new TreeMap<>();
        onTime.forEach(e -> byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e));
        long gap = assumptions.sessionGapMillis();
        List<SessionRow> rows = new ArrayList<>();
        byUser.forEach((user, list) -> {
            list.sort(Comparator.comparingLong(Event::eventTimeMillis));
            int from = 0;
            for (int i = 1; i <= list.size(); i++) {
                if (i == list.size() || list.get(i).eventTimeMillis() - list.get(i - 1).eventTimeMillis() >= gap) {
                    List<Event> run = list.subList(from, i);
                    long end = run.get(run.size() - 1).eventTimeMillis() + gap;
                    if (end <= watermark) {
                        Counts c = new Counts();
                        run.forEach(c::add);
                        rows.add(new SessionRow(user, run.get(0).eventTimeMillis(), end, segment(user), run.size(),
                                c.views, c.carts, c.purchases, c.revenue, c.purchases > 0,
                                c.carts > 0 && c.purchases == 0));
                    }
                    from = i;
                }
            }
        });
        return rows;
    }

    /**
     * The z-score rule in exact arithmetic: with n previous revenues of sum S and sum of squares Q, the mean is S/n and
     * the population variance (nQ − S²)/n², so |z| ≥ threshold exactly when (n·r − S)² ≥ threshold²·(nQ − S²).
     */
    private List<AlertRow> anomalies(List<WindowRow> windows, long watermark) {
        Map<String, List<WindowRow>> byProduct = new TreeMap<>();
        for (WindowRow w : windows) {
            if (w.kind().equals(TUMBLING)) {
                byProduct.computeIfAbsent(w.productId(), p -> new ArrayList<>()).add(w);
            }
        }
        BigDecimal threshold = assumptions.z();
        BigDecimal one = BigDecimal.ONE.setScale(4);
        List<AlertRow> alerts = new ArrayList<>();
        byProduct.forEach((product, list) -> {
            list.sort(Comparator.comparingLong(WindowRow::windowStart));
            for (int i = 0; i < list.size(); i++) {
                WindowRow w = list.get(i);
                if (w.windowEnd() > watermark) {
                    break;
                }
                List<WindowRow> previous = list.subList(Math.max(0, i - assumptions.history()), i);
                int n = previous.size();
                if (n < assumptions.minHistory()) {
                    continue;
                }
                BigDecimal sum = BigDecimal.ZERO;
                BigDecimal squares = BigDecimal.ZERO;
                for (WindowRow p : previous) {
                    sum = sum.add(p.revenue());
                    squares = squares.add(p.revenue().multiply(p.revenue()));
                }
                BigDecimal count = BigDecimal.valueOf(n);
                BigDecimal spread = count.multiply(squares).subtract(sum.multiply(sum));
                if (spread.signum() <= 0) {
                    continue;
                }
                BigDecimal distance = count.multiply(w.revenue()).subtract(sum).abs();
                if (distance.multiply(distance).compareTo(threshold.multiply(threshold).multiply(spread)) < 0) {
                    continue;
                }
                BigDecimal z = distance.divide(spread.sqrt(SQRT), SQRT);
                BigDecimal risk = z.divide(threshold.multiply(BigDecimal.valueOf(2)), SQRT)
                        .setScale(4, RoundingMode.HALF_EVEN);
                alerts.add(new AlertRow(REVENUE_ANOMALY, product + "@" + Instant.ofEpochMilli(w.windowStart()),
                        risk.compareTo(one) > 0 ? one : risk));
            }
        });
        return alerts;
    }
}
