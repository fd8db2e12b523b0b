package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.pipeline.commerce.CommerceExpectation.Assumptions;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The reference model against the pipeline's own rules ({@link Sessions}, {@link WindowKind}, {@link Ratios},
 * {@link RevenueAnomaly}) over a generated run with out-of-order and late events: two implementations of DESIGN
 * §1.4 written apart must agree. The pipeline's sessions take the events in the order sent, as the stateful step does.
 */
class CommerceModelDifferentialTest {
    private static final Assumptions RULE = new Assumptions(10_000, 300_000, new BigDecimal("3"), 30, 10);

    @Test
    void theModelAndThePipelineRulesAgreeOnAGeneratedRun() {
        CommerceGenerator g = new CommerceGenerator(new CommerceGenerator.Options(11, 40_000, 100, 1_500, 42,
                CommerceGenerator.DEFAULT_START.toEpochMilli(), 25, 0.1, 0.03, 0.02), RULE, 1024, true);
        Set<String> late = new HashSet<>();
        List<CommerceExpectation.Event> onTime = new ArrayList<>();
        g.forEachRemaining(s -> {
            if (s.kind() == CommerceGenerator.Kind.LATE) {
                late.add(s.event().eventId());
            } else if (s.event() != null) {
                onTime.add(s.event());
            }
        });
        CommerceExpectation x = g.expectation(40_000);
        CommerceExpectation.Tables t = x.tables(late);
        long watermark = t.finalWatermark();

        // Sessions, in the order sent.
        Map<String, List<Sessions.Session>> open = new TreeMap<>();
        for (CommerceExpectation.Event e : onTime) {
            open.put(e.userId(), Sessions.add(open.getOrDefault(e.userId(), List.of()), new SalesEvent(e.eventId(), e.userId(), e.productId(),
                    e.type(), e.amount(), e.eventTimeMillis(), "sales_events", 0, 0), RULE.sessionGapMillis()));
        }
        List<CommerceExpectation.SessionRow> sessions = new ArrayList<>();
        open.forEach((user, list) -> Sessions.close(list, watermark, RULE.sessionGapMillis()).closed().forEach(s ->
                sessions.add(new CommerceExpectation.SessionRow(user, s.start(), s.end(RULE.sessionGapMillis()),
                        x.segment(user), s.events(), s.pageViews(), s.addToCarts(), s.purchases(), s.value(),
                        s.converted(), s.abandoned()))));
        assertThat(sessions).hasSizeGreaterThan(1_000);
        assertThat(t.sessions()).containsExactlyElementsOf(sessions);

        // Windows.
        record Key(String kind, long start, String product) {
        }
        Map<Key, long[]> counts = new HashMap<>();
        Map<Key, BigDecimal> revenue = new HashMap<>();
        for (CommerceExpectation.Event e : onTime) {
            for (WindowKind kind : WindowKind.values()) {
                for (long start : kind.starts(e.eventTimeMillis())) {
                    Key k = new Key(kind.label(), start, e.productId());
                    counts.computeIfAbsent(k, z -> new long[3])[e.type().ordinal()]++;
                    revenue.merge(k, e.type() == EventType.PURCHASE ? e.amount() : new BigDecimal("0.00"), BigDecimal::add);
                }
            }
        }
        assertThat(t.windows()).hasSize(counts.size());
        for (CommerceExpectation.WindowRow w : t.windows()) {
            Key k = new Key(w.kind(), w.windowStart(), w.productId());
            long[] c = counts.get(k);
            assertThat(new long[] {w.pageViews(), w.addToCarts(), w.purchases()}).as(k.toString()).containsExactly(c);
            assertThat(w.revenue()).isEqualTo(revenue.get(k));
            assertThat(w.avgPurchase()).isEqualTo(Ratios.average(revenue.get(k), c[2]));
        }
        for (CommerceExpectation.FunnelRow f : t.funnel()) {
            assertThat(f.viewToCart()).isEqualTo(Ratios.rate(f.addToCarts(), f.pageViews()));
            assertThat(f.cartToPurchase()).isEqualTo(Ratios.rate(f.purchases(), f.addToCarts()));
            assertThat(f.viewToPurchase()).isEqualTo(Ratios.rate(f.purchases(), f.pageViews()));
        }

        // Revenue anomalies over each product's closed tumbling windows.
        RevenueAnomaly rule = new RevenueAnomaly(RULE.z(), RULE.history(), RULE.minHistory());
        Map<String, List<CommerceExpectation.WindowRow>> byProduct = new TreeMap<>();
        t.windows().stream().filter(w -> w.kind().equals("tumbling_1m"))
                .forEach(w -> byProduct.computeIfAbsent(w.productId(), p -> new ArrayList<>()).add(w));
        List<CommerceExpectation.AlertRow> anomalies = new ArrayList<>();
        byProduct.forEach((product, windows) -> {
            List<BigDecimal> previous = new ArrayList<>();
            for (CommerceExpectation.WindowRow w : windows) {
                if (w.windowEnd() > watermark) {
                    break;
                }
                rule.check(previous, w.revenue()).ifPresent(f -> anomalies.add(new CommerceExpectation.AlertRow(
                        "REVENUE_ANOMALY", product + "@" + Instant.ofEpochMilli(w.windowStart()), f.riskScore())));
                previous.add(w.revenue());
            }
        });
        assertThat(anomalies).isNotEmpty();
        assertThat(t.alerts().stream().filter(a -> a.kind().equals("REVENUE_ANOMALY")).toList())
                .containsExactlyElementsOf(anomalies);
    }
}
