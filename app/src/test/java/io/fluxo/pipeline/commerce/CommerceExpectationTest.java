package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.pipeline.commerce.CommerceExpectation.AlertRow;
import io.fluxo.pipeline.commerce.CommerceExpectation.Assumptions;
import io.fluxo.pipeline.commerce.CommerceExpectation.Event;
import io.fluxo.pipeline.commerce.CommerceExpectation.FunnelRow;
import io.fluxo.pipeline.commerce.CommerceExpectation.SessionRow;
import io.fluxo.pipeline.commerce.CommerceExpectation.Tables;
import io.fluxo.pipeline.commerce.CommerceExpectation.WindowRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reference model of the commerce tables against small cases worked out by hand (in the comments). */
class CommerceExpectationTest {
    private static final Assumptions DEFAULTS = Assumptions.defaults();
    private static final Map<String, String> CATEGORIES = Map.of("p00001", "books", "p00002", "toys");
    private static final Map<String, String> SEGMENTS = Map.of("c000001", "vip", "c000003", "new");
    private static int ids;

    private static long at(String hhmmss) {
        return Instant.parse("2026-01-05T" + hhmmss + "Z").toEpochMilli();
    }

    private static Event e(String user, String product, EventType type, String amount, String hhmmss) {
        return new Event("e" + ids++, user, product, type, new BigDecimal(amount), at(hhmmss));
    }

    private static BigDecimal d(String text) {
        return new BigDecimal(text);
    }

    private static CommerceExpectation expectation(Assumptions a, List<Event> events) {
        return new CommerceExpectation(a, events, CATEGORIES, SEGMENTS, List.of());
    }

    @Test
    void windowsAndTheFunnelCountOnTimeEventsOnceAndAMinuteBoundaryStartsTheNextMinute() {
        Event view = e("c000001", "p00001", EventType.PAGE_VIEW, "0.00", "12:00:10");
        Event cart = e("c000001", "p00001", EventType.ADD_TO_CART, "20.00", "12:00:30");
        Event late = e("c000001", "p00001", EventType.PURCHASE, "99.00", "12:00:40");
        Event buy = e("c000001", "p00001", EventType.PURCHASE, "20.00", "12:00:59.999");
        Event onTheMinute = e("c000001", "p00001", EventType.PURCHASE, "10.01", "12:01:00");
        Event unknown = e("c000001", "p90000001", EventType.PAGE_VIEW, "0.00", "12:01:20");
        Event view2 = e("c000002", "p00001", EventType.PAGE_VIEW, "0.00", "12:00:05");
        Event view3 = e("c000002", "p00001", EventType.PAGE_VIEW, "0.00", "12:00:06");
        CommerceExpectation x = expectation(DEFAULTS, List.of(view, cart, late, buy, onTheMinute, unknown, view2, view3));

        Tables t = x.tables(Set.of(late.eventId()));

        long m0 = at("12:00:00");
        long m1 = at("12:01:00");
        long minute = 60_000;
        List<WindowRow> expected = new ArrayList<>();
        // sliding_5m, p00001: the 12:00 events (3 views, 1 cart, 20.00) are in the windows from 11:56 to 12:00, the
        // purchase at 12:01:00 (10.01) in those from 11:57 to 12:01; 30.01 / 2 = 15.005 is 15.00 half to even.
        expected.add(new WindowRow("sliding_5m", m0 - 4 * minute, m1, "p00001", "books", 3, 1, 1, d("20.00"), d("20.00")));
        for (int k = 3; k >= 0; k--) {
            expected.add(new WindowRow("sliding_5m", m0 - k * minute, m0 - k * minute + 5 * minute, "p00001", "books", 3,
                    1, 2, d("30.01"), d("15.00")));
            expected.add(new WindowRow("sliding_5m", m0 - k * minute, m0 - k * minute + 5 * minute, "p90000001", null, 1,
                    0, 0, d("0.00"), null));
        }
        expected.add(new WindowRow("sliding_5m", m1, m1 + 5 * minute, "p00001", "books", 0, 0, 1, d("10.01"), d("10.01")));
        expected.add(new WindowRow("sliding_5m", m1, m1 + 5 * minute, "p90000001", null, 1, 0, 0, d("0.00"), null));
        // tumbling_1m: 12:00 holds 12:00:59.999, 12:01 holds 12:01:00.000; the late purchase (99.00) is nowhere.
        expected.add(new WindowRow("tumbling_1m", m0, m1, "p00001", "books", 3, 1, 1, d("20.00"), d("20.00")));
        expected.add(new WindowRow("tumbling_1m", m1, m1 + minute, "p00001", "books", 0, 0, 1, d("10.01"), d("10.01")));
        expected.add(new WindowRow("tumbling_1m", m1, m1 + minute, "p90000001", null, 1, 0, 0, d("0.00"), null));
        assertThat(t.windows()).containsExactlyElementsOf(expected);
        // 12:00: 3 views, 1 cart, 1 purchase: 1/3 = 0.3333, 1/1, 1/3; 12:01: 1 view, no cart, 1 purchase: 0/1, null, 1/1.
        assertThat(t.funnel()).containsExactly(
                new FunnelRow(m0, m1, 3, 1, 1, d("0.3333"), d("1.0000"), d("0.3333")),
                new FunnelRow(m1, m1 + minute, 1, 0, 1, d("0.0000"), null, d("1.0000")));
        // The final watermark is 12:01:20 - 10 s: both users' sessions are still open.
        assertThat(t.finalWatermark()).isEqualTo(at("12:01:10"));
        assertThat(t.sessions()).isEmpty();
        assertThat(t.alerts()).isEmpty();
        assertThat(t.enriched()).isEqualTo(7);
    }

    @Test
    void sessionsSplitAtExactlyTheGapAndAnAbandonedOneRaisesAnAlert() {
        Event a1 = e("c000001", "p00001", EventType.PAGE_VIEW, "0.00", "12:00:00");
        Event a2 = e("c000001", "p00001", EventType.ADD_TO_CART, "15.00", "12:02:00");
        Event a3 = e("c000001", "p00002", EventType.ADD_TO_CART, "7.50", "12:03:00");
        Event late = e("c000001", "p00001", EventType.PURCHASE, "15.00", "12:05:00");
        Event a4 = e("c000001", "p00001", EventType.PAGE_VIEW, "0.00", "12:08:00");
        Event a5 = e("c000001", "p00001", EventType.PURCHASE, "15.00", "12:08:30");
        Event b1 = e("c000002", "p00001", EventType.PAGE_VIEW, "0.00", "12:00:00");
        Event b2 = e("c000002", "p00002", EventType.PAGE_VIEW, "0.00", "12:04:59.999");
        Event open = e("c000003", "p00001", EventType.PAGE_VIEW, "0.00", "12:30:00");
        CommerceExpectation x = expectation(DEFAULTS, List.of(a1, a2, a3, late, a4, b1, a5, b2, open));

        Tables t = x.tables(List.of(late.eventId()));

        // Final watermark 12:30:00 - 10 s = 12:29:50. c000001: 12:03:00 to 12:08:00 is exactly the gap, so two sessions
        // (the late purchase at 12:05 would have joined them); c000002: 12:00:00 to 12:04:59.999 is 1 ms under it, one
        // session; c000003's session ends at 12:35:00, after the watermark: not written.
        assertThat(t.finalWatermark()).isEqualTo(at("12:29:50"));
        assertThat(t.sessions()).containsExactly(
                new SessionRow("c000001", at("12:00:00"), at("12:08:00"), "vip", 3, 1, 2, 0, d("0.00"), false, true),
                new SessionRow("c000001", at("12:08:00"), at("12:13:30"), "vip", 2, 1, 0, 1, d("15.00"), true, false),
                new SessionRow("c000002", at("12:00:00"), at("12:09:59.999"), null, 2, 2, 0, 0, d("0.00"), false, false));
        // 2 carts: 2 / 3 = 0.6667.
        assertThat(t.alerts()).containsExactly(new AlertRow("ABANDONED_CART", "c000001@2026-01-05T12:00:00Z", d("0.6667")));
        assertThat(t.enriched()).isEqualTo(8);
        // The late purchase is in no window: nothing else happened in 12:05, and no window holds a purchase before 12:08.
        assertThat(t.windows()).noneMatch(w -> w.kind().equals("tumbling_1m") && w.windowStart() == at("12:05:00"));
        assertThat(t.windows()).filteredOn(w -> w.purchases() > 0).allMatch(w -> w.windowEnd() > at("12:08:00"));
    }

    @Test
    void aRevenueSpikeIsAnAnomalyAndAFlatSeriesIsNot() {
        Assumptions rule = new Assumptions(10_000, 300_000, new BigDecimal("2"), 4, 3);
        List<Event> events = new ArrayList<>();
        // p00001 has rows in minutes 0, 1, 2, 3, 5, 6, 7 (none in 4: history counts rows, not minutes) and 9.
        String[][] spiky = {{"12:00:10", "8.00"}, {"12:01:10", "12.00"}, {"12:02:10", "8.00"}, {"12:03:10", "12.00"},
            {"12:05:10", "14.00"}, {"12:06:10", "8.00"}, {"12:07:10", "20.00"}, {"12:09:30", "100.00"}};
        for (String[] s : spiky) {
            events.add(e("c000001", "p00001", EventType.PURCHASE, s[1], s[0]));
        }
        for (int m = 0; m < 8; m++) {
            events.add(e("c000003", "p00002", EventType.PURCHASE, "5.00", "12:0" + m + ":20"));
        }
        events.add(e("c000003", "p00002", EventType.PAGE_VIEW, "0.00", "12:10:00"));
        CommerceExpectation x = expectation(rule, events);

        Tables t = x.tables(Set.of());

        // Final watermark 12:09:50: the 12:09 window (ends 12:10:00) is still open, so its 100.00 is not checked.
        // 12:03 (12.00) against 8, 12, 8: mean 9.3333, sd 1.8856, z 1.4142 < 2.
        // 12:05 (14.00) against 8, 12, 8, 12: mean 10, sd 2, z exactly 2 >= 2: risk 2 / 4 = 0.5000.
        // 12:06 (8.00) against 12, 8, 12, 14: mean 11.5, sd 2.1794, z -1.6059.
        // 12:07 (20.00) against 8, 12, 14, 8: mean 10.5, sd 2.5981, z 3.65655: risk 3.65655 / 4 = 0.91414 -> 0.9141.
        // p00002: 5.00 every minute, sd 0: never an anomaly.
        assertThat(t.alerts()).containsExactly(
                new AlertRow("REVENUE_ANOMALY", "p00001@2026-01-05T12:05:00Z", d("0.5000")),
                new AlertRow("REVENUE_ANOMALY", "p00001@2026-01-05T12:07:00Z", d("0.9141")));
    }

    @Test
    void theRiskOfAnAnomalyIsCappedAtOne() {
        Assumptions rule = new Assumptions(0, 300_000, new BigDecimal("2"), 4, 3);
        List<Event> events = new ArrayList<>();
        // 10, 12, 8, 10 then 30: mean 10, sd sqrt(2) = 1.4142, z 14.142: risk min(1, 3.5355) = 1.0000.
        String[] revenues = {"10.00", "12.00", "8.00", "10.00", "30.00"};
        for (int m = 0; m < revenues.length; m++) {
            events.add(e("c000001", "p00002", EventType.PURCHASE, revenues[m], "12:0" + m + ":00"));
        }
        events.add(e("c000001", "p00001", EventType.PAGE_VIEW, "0.00", "12:05:00"));
        Tables t = expectation(rule, events).tables(Set.of());
        assertThat(t.alerts()).containsExactly(new AlertRow("REVENUE_ANOMALY", "p00002@2026-01-05T12:04:00Z", d("1.0000")));
    }

    @Test
    void aLateIdThatWasNotSentIsRefusedAndTheInvalidRecordsAreCountedByReason() {
        CommerceExpectation x = new CommerceExpectation(DEFAULTS, List.of(e("c000001", "p00001", EventType.PAGE_VIEW,
                "0.00", "12:00:00")), CATEGORIES, SEGMENTS, List.of(
                        new CommerceExpectation.InvalidRecord(CommerceReason.NOT_JSON, "aa"),
                        new CommerceExpectation.InvalidRecord(CommerceReason.BAD_TIMESTAMP, "bb"),
                        new CommerceExpectation.InvalidRecord(CommerceReason.NOT_JSON, "cc")));
        assertThatThrownBy(() -> x.tables(Set.of("nope"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown late event id: nope (not sent by this run)");
        assertThat(x.invalidCounts()).containsExactly(Map.entry(CommerceReason.NOT_JSON, 2L),
                Map.entry(CommerceReason.BAD_TIMESTAMP, 1L));
        assertThat(x.category("p99")).isNull();
        assertThat(x.segment("c000001")).isEqualTo("vip");
    }

    @Test
    void nothingSentHoldsNothing() {
        Tables t = expectation(DEFAULTS, List.of()).tables(Set.of());
        assertThat(t.finalWatermark()).isEqualTo(Long.MIN_VALUE);
        assertThat(t.windows()).isEmpty();
        assertThat(t.funnel()).isEmpty();
        assertThat(t.sessions()).isEmpty();
        assertThat(t.alerts()).isEmpty();
        assertThat(t.enriched()).isZero();
    }
}
