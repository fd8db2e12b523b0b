package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.pipeline.commerce.CommerceExpectation.Event;
import io.fluxo.pipeline.commerce.CommerceVerifier.Actual;
import io.fluxo.pipeline.commerce.CommerceVerifier.AlertRead;
import io.fluxo.pipeline.commerce.CommerceVerifier.Enriched;
import io.fluxo.pipeline.commerce.CommerceVerifier.LateRow;
import io.fluxo.pipeline.commerce.CommerceVerifier.Letter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the verifier compares what the sinks hold with the expectation (the reading itself needs the servers: ITs). */
class CommerceVerifierTest {
    private static long at(String hhmmss) {
        return Instant.parse("2026-01-05T" + hhmmss + "Z").toEpochMilli();
    }

    private static final Event VIEW = new Event("e1", "c000001", "p00001", EventType.PAGE_VIEW, new BigDecimal("0.00"),
            at("12:00:00"));
    private static final Event CART = new Event("e2", "c000001", "p00001", EventType.ADD_TO_CART,
            new BigDecimal("15.00"), at("12:00:30"));
    private static final Event LATE = new Event("e3", "c000001", "p00001", EventType.PURCHASE, new BigDecimal("15.00"),
            at("12:00:40"));
    private static final Event LAST = new Event("e4", "c000002", "p00002", EventType.PAGE_VIEW, new BigDecimal("0.00"),
            at("12:10:00"));
    private static final CommerceExpectation X = new CommerceExpectation(CommerceExpectation.Assumptions.defaults(),
            List.of(VIEW, CART, LATE, LAST), Map.of("p00001", "books"), Map.of("c000001", "vip"),
            List.of(new CommerceExpectation.InvalidRecord(CommerceReason.NOT_JSON, "aa"),
                    new CommerceExpectation.InvalidRecord(CommerceReason.BAD_TIMESTAMP, "bb")));
    /** The late purchase, judged late by a batch whose watermark was 12:01:00. */
    private static final LateRow LATE_ROW = new LateRow("e3", "c000001", "p00001", "purchase", new BigDecimal("15.00"),
            at("12:00:40"), at("12:01:00"), 20_000);

    /** What a correct pipeline holds: the model's rows given the late purchase, as the tables would return them. */
    private static Actual correct() {
        CommerceExpectation.Tables t = X.tables(Set.of("e3"));
        List<AlertRead> alerts = t.alerts().stream()
                .map(a -> new AlertRead(a.kind(), a.key(), a.riskScore(), "{\"carts\": 1}")).toList();
        return new Actual(t.windows(), t.funnel(), t.sessions(), alerts, List.of(LATE_ROW),
                List.of(new Enriched("e1", true, "books", true, "vip"), new Enriched("e2", true, "books", true, "vip"),
                        new Enriched("e4", true, null, true, null), new Enriched("x-other-run", false, null, false, null)),
                List.of(new Letter("NOT_JSON", "aa"), new Letter("BAD_TIMESTAMP", "bb"), new Letter("NOT_JSON", "zz")));
    }

    private static Actual with(Actual a, List<CommerceExpectation.WindowRow> windows, List<CommerceExpectation.SessionRow>
            sessions, List<AlertRead> alerts, List<LateRow> late, List<Enriched> enriched, List<Letter> letters) {
        return new Actual(windows == null ? a.windows() : windows, a.funnel(), sessions == null ? a.sessions() : sessions,
                alerts == null ? a.alerts() : alerts, late == null ? a.late() : late,
                enriched == null ? a.enriched() : enriched, letters == null ? a.letters() : letters);
    }

    @Test
    void whatACorrectPipelineHoldsMatches() {
        CommerceVerifier.Result r = CommerceVerifier.compare(X, correct());
        // Without the late purchase: 12:00 p00001 (1 view, 1 cart) is in 1 tumbling and 5 sliding windows, 12:10
        // p00002 too: 12 windows; 2 funnel minutes; c000001's session (12:00:00 to 12:05:30) closes by the final
        // watermark 12:09:50 and is abandoned (1 cart: risk 1/2); c000002's is open.
        assertThat(r.mismatches()).isEmpty();
        assertThat(r.ok()).isTrue();
        assertThat(r.summary()).isEqualTo("verify commerce: commerce_product_windows 12/12, commerce_funnel 2/2,"
                + " commerce_sessions 1/1, commerce_alerts 1/1, sales_events.enriched 3/3, commerce.dlq 2/2,"
                + " late_events 1: all match");
        assertThat(correct().alerts()).containsExactly(new AlertRead("ABANDONED_CART", "c000001@2026-01-05T12:00:00Z",
                new BigDecimal("0.5000"), "{\"carts\": 1}"));
    }

    @Test
    void rowsThatDifferAreMissingOrUnexpectedAreNamedWithBothSides() {
        Actual ok = correct();
        List<CommerceExpectation.WindowRow> windows = new ArrayList<>(ok.windows());
        CommerceExpectation.WindowRow w = windows.remove(windows.size() - 1);
        windows.add(new CommerceExpectation.WindowRow(w.kind(), w.windowStart(), w.windowEnd(), w.productId(),
                "toys", w.pageViews(), w.addToCarts(), w.purchases(), w.revenue(), w.avgPurchase()));
        List<AlertRead> alerts = List.of(ok.alerts().get(0), new AlertRead("REVENUE_ANOMALY",
                "p00001@2026-01-05T12:00:00Z", new BigDecimal("0.7000"), "not json"));
        CommerceVerifier.Result r = CommerceVerifier.compare(X, with(ok, windows, List.of(), alerts, null, null, null));
        assertThat(r.ok()).isFalse();
        assertThat(r.mismatches()).containsExactly(
                "commerce_product_windows tumbling_1m 2026-01-05T12:10:00Z p00002: expected end 2026-01-05T12:11:00Z,"
                        + " category null, 1 views, 0 carts, 0 purchases, revenue 0.00, avg null, found end"
                        + " 2026-01-05T12:11:00Z, category toys, 1 views, 0 carts, 0 purchases, revenue 0.00, avg null",
                "commerce_sessions c000001 2026-01-05T12:00:00Z: missing (expected end 2026-01-05T12:05:30Z, segment vip,"
                        + " 2 events (1 views, 1 carts, 0 purchases), value 0.00, abandoned)",
                "commerce_alerts REVENUE_ANOMALY p00001@2026-01-05T12:00:00Z: details is not a JSON object: not json",
                "commerce_alerts REVENUE_ANOMALY p00001@2026-01-05T12:00:00Z: unexpected (risk_score 0.7000)");
        assertThat(r.problems()).isEqualTo(4);
        assertThat(r.summary()).startsWith("verify commerce: commerce_product_windows 11/12 (1 differ, 0 missing,"
                + " 0 unexpected), commerce_funnel 2/2, commerce_sessions 0/1 (0 differ, 1 missing, 0 unexpected),"
                + " commerce_alerts 1/1 (0 differ, 0 missing, 1 unexpected)").endsWith(": 4 mismatches");
    }

    @Test
    void aLateRowMustBeAnEventSentWithItsFieldsAndItsLateness() {
        Actual ok = correct();
        LateRow foreign = new LateRow("nope", "c000001", "p00001", "purchase", new BigDecimal("1.00"), at("12:00:00"),
                at("12:01:00"), 60_000);
        LateRow changed = new LateRow("e3", "c000001", "p00001", "purchase", new BigDecimal("15.01"), at("12:00:40"),
                at("12:00:30"), -10_000);
        CommerceVerifier.Result r = CommerceVerifier.compare(X, with(ok, null, null, null, List.of(foreign, changed),
                null, null));
        assertThat(r.mismatches()).containsExactly(
                "late_events nope: not an event this run sent",
                "late_events e3: sent c000001 p00001 purchase 15.00 at 2026-01-05T12:00:40Z, found c000001 p00001"
                        + " purchase 15.01 at 2026-01-05T12:00:40Z",
                "late_events e3: lateness_ms -10000 with event_time 2026-01-05T12:00:40Z and watermark"
                        + " 2026-01-05T12:00:30Z (must be watermark - event_time, above 0)");
    }

    @Test
    void anEventJudgedOnTimeMustBeEverywhere() {
        // No late row: the purchase at 12:00:40 counts, so c000001's session converts and no cart is abandoned.
        CommerceVerifier.Result r = CommerceVerifier.compare(X, with(correct(), null, null, null, List.of(), null, null));
        assertThat(r.mismatches()).contains(
                "commerce_alerts ABANDONED_CART c000001@2026-01-05T12:00:00Z: unexpected (risk_score 0.5000)",
                "sales_events.enriched e3: missing");
        assertThat(r.mismatches()).anyMatch(m -> m.startsWith("commerce_sessions c000001 2026-01-05T12:00:00Z: expected"
                + " end 2026-01-05T12:05:40Z, segment vip, 3 events (1 views, 1 carts, 1 purchases), value 15.00,"
                + " converted, found end 2026-01-05T12:05:30Z"));
    }

    @Test
    void theEnrichedTopicHoldsEachOnTimeEventOnceWithItsCategoryAndSegment() {
        List<Enriched> enriched = List.of(new Enriched("e1", true, "books", true, "vip"),
                new Enriched("e1", true, "books", true, "vip"), new Enriched("e3", true, "books", true, "vip"),
                new Enriched("e4", true, "toys", false, null), new Enriched(null, false, null, false, null));
        CommerceVerifier.Result r = CommerceVerifier.compare(X, with(correct(), null, null, null, null, enriched, null));
        assertThat(r.mismatches()).containsExactly(
                "sales_events.enriched e1: more than once",
                "sales_events.enriched e3: a late event (it is in late_events)",
                "sales_events.enriched e4: expected category null and segment null, found toys and null",
                "sales_events.enriched: a record without an event_id",
                "sales_events.enriched e2: missing");
        assertThat(r.counts().get(4)).isEqualTo(new CommerceVerifier.Count("sales_events.enriched", 3, 1, 1, 1, 3));
    }

    @Test
    void theDeadLettersAreTheInvalidRecordsEachOnceWithItsReasonAndOthersAreIgnored() {
        List<Letter> letters = List.of(new Letter("MISSING_FIELD", "aa"), new Letter("MISSING_FIELD", "aa"),
                new Letter("SINK_REJECTED", "other"));
        CommerceVerifier.Result r = CommerceVerifier.compare(X, with(correct(), null, null, null, null, null, letters));
        assertThat(r.mismatches()).containsExactly(
                "commerce.dlq value aa: expected reason NOT_JSON, found MISSING_FIELD",
                "commerce.dlq value aa: more than once",
                "commerce.dlq value bb: missing (expected reason BAD_TIMESTAMP)");
        Actual noDlq = new Actual(correct().windows(), correct().funnel(), correct().sessions(), correct().alerts(),
                correct().late(), correct().enriched(), null);
        assertThat(CommerceVerifier.compare(X, noDlq).summary()).doesNotContain("commerce.dlq");
    }

    @Test
    void decimalsAreComparedAtTheirScaleAndAlertKeysGiveTheirInstant() {
        assertThat(CommerceVerifier.scale(new BigDecimal("15"), 2)).isEqualTo(new BigDecimal("15.00"));
        assertThat(CommerceVerifier.scale(new BigDecimal("15.005"), 2)).isEqualTo(new BigDecimal("15.005"));
        assertThat(CommerceVerifier.scale(null, 2)).isNull();
        assertThat(CommerceVerifier.keyInstant("c000001@2026-01-05T12:00:00Z")).isEqualTo(at("12:00:00"));
        assertThat(CommerceVerifier.keyInstant("a@b@2026-01-05T12:00:01Z")).isEqualTo(at("12:00:01"));
        assertThat(CommerceVerifier.keyInstant("no instant")).isNull();
        assertThat(CommerceVerifier.keyInstant("p1@yesterday")).isNull();
    }
}
