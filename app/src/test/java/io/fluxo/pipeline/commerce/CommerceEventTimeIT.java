package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The commerce pipeline in event time on the test stack, with events written by hand and every expected row worked
 * out by hand (times are seconds after 12:00:00 UTC on 2 March 2026; the watermark is 10 s, the session gap 5 min).
 */
class CommerceEventTimeIT {
    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    private static String event(String id, String user, String product, String type, String amount, int second) {
        return "{\"event_id\":\"" + id + "\",\"user_id\":\"" + user + "\",\"product_id\":\"" + product
                + "\",\"event_type\":\"" + type + "\",\"amount\":" + amount + ",\"timestamp\":\""
                + T0.plusSeconds(second) + "\"}";
    }

    private static String at(int second) {
        return T0.plusSeconds(second).toString();
    }

    /**
     * Phase 1 (one batch, watermark 0: all on time) then phase 2, read with the watermark at 290 s (the newest
     * event of phase 1, 300 s, minus 10 s): two events behind it are late, the others on time. A batch without
     * rows then moves the watermark to 690 s and closes the sessions that end by then.
     */
    @Test
    void lateEventsAreKeptApartAndOnTimeOnesCountOnceInWindowsFunnelAndSessions() throws Exception {
        CommerceFixture f = new CommerceFixture("commerce-event-time", Map.of());
        String topic = f.settings().topic();
        String c1 = "c000001";
        String c2 = "c000002";
        String c4 = "c000004";
        Map<String, String> phase1 = new LinkedHashMap<>();
        phase1.put("e1", event("e1", c1, "p00001", "page_view", "0", 0));
        phase1.put("e2", event("e2", c1, "p00001", "add_to_cart", "0", 20));
        phase1.put("e3", event("e3", c2, "p00002", "page_view", "0", 30));
        phase1.put("e4", event("e4", c2, "p00002", "add_to_cart", "0", 35));
        phase1.put("e5", event("e5", c1, "p00001", "purchase", "19.99", 61));
        phase1.put("e6", event("e6", c1, "p00001", "page_view", "0", 55));        // out of order, 6 s behind
        phase1.put("e7", event("e7", "ghost", "p99999", "page_view", "0", 40));   // unknown customer and product
        phase1.put("e8", event("e8", c4, "p00003", "page_view", "0", 0));
        phase1.put("e9", event("e9", c4, "p00003", "page_view", "0", 300));       // exactly the gap: a new session
        phase1.forEach((id, json) -> f.send(topic, json.contains(c1) ? c1 : id, json));
        f.send(topic, c1, phase1.get("e2"));                                        // redelivered in the same batch
        Map<String, String> bad = new TreeMap<>();
        bad.put("not json", "NOT_JSON");
        bad.put(event("b1", c1, "p00001", "refund", "0", 10), "UNKNOWN_EVENT_TYPE");
        bad.put(event("b2", c1, "p00001", "add_to_cart", "-1.00", 10), "NEGATIVE_AMOUNT");
        bad.put(event("b3", c1, "p00001", "purchase", "0", 10), "PURCHASE_WITHOUT_AMOUNT");
        bad.put(event("b4", c1, "p00001", "page_view", "0", 10).replace(at(10), "yesterday"), "BAD_TIMESTAMP");
        bad.put("{\"event_id\":\"b5\",\"user_id\":\"c000001\"}", "MISSING_FIELD");
        bad.put(event("b6", c1, "p00001", "page_view", "0", 10).replace("}", ",\"pad\":\"" + "x".repeat(70_000) + "\"}"),
                "PAYLOAD_TOO_LARGE");
        bad.forEach((value, reason) -> f.send(topic, "bad", value));
        f.drain();

        assertThat(f.count("select count(*) from late_events")).isZero();
        f.send(topic, "c000003", event("L1", "c000003", "p00001", "page_view", "0", 5));
        f.send(topic, c1, event("L2", c1, "p00001", "purchase", "5.00", 200));
        f.send(topic, c1, event("e10", c1, "p00002", "page_view", "0", 295));
        f.send(topic, "c000005", event("e11", "c000005", "p00004", "page_view", "0", 700));
        f.send(topic, "e9", phase1.get("e9"));     // redelivered a batch later, still on time: counted once
        // Spark drops nothing itself: both events its watermark made late are in late_events below.
        assertThat(f.drainCountingSparkDrops()).isZero();

        // Late: behind 12:04:50, kept with the watermark and how far behind, in nothing else.
        assertThat(f.query("select event_id, event_type || '|' || amount || '|' || to_char(event_time at time zone"
                + " 'UTC', 'HH24:MI:SS') || '|' || to_char(watermark at time zone 'UTC', 'HH24:MI:SS') || '|' ||"
                + " lateness_ms from late_events")).containsExactlyInAnyOrderEntriesOf(Map.of(
                        "L1", "page_view|0.00|12:00:05|12:04:50|285000",
                        "L2", "purchase|5.00|12:03:20|12:04:50|90000"));
        assertThat(f.count("select count(*) from late_events where topic = '" + topic + "' and kafka_offset >= 0"))
                .isEqualTo(2);

        String category1 = category("p00001");
        String category2 = category("p00002");
        String category3 = category("p00003");
        String category4 = category("p00004");
        assertThat(f.query("select product_id || '@' || to_char(window_start at time zone 'UTC', 'HH24:MI'), "
                + "coalesce(category, '-') || '|' || page_views || '|' || add_to_carts || '|' || purchases || '|' "
                + "|| revenue || '|' || coalesce(avg_purchase::text, '-') || '|' || (window_end - window_start)"
                + " from commerce_product_windows where kind = 'tumbling_1m'")).isEqualTo(new TreeMap<>(Map.of(
                        "p00001@12:00", category1 + "|2|1|0|0.00|-|00:01:00",
                        "p00001@12:01", category1 + "|0|0|1|19.99|19.99|00:01:00",
                        "p00002@12:00", category2 + "|1|1|0|0.00|-|00:01:00",
                        "p00002@12:04", category2 + "|1|0|0|0.00|-|00:01:00",
                        "p99999@12:00", "-|1|0|0|0.00|-|00:01:00",
                        "p00003@12:00", category3 + "|1|0|0|0.00|-|00:01:00",
                        "p00003@12:05", category3 + "|1|0|0|0.00|-|00:01:00",
                        "p00004@12:11", category4 + "|1|0|0|0.00|-|00:01:00")));
        // Five 5-minute windows hold each minute: p00001's minutes 0 and 1 are in the windows from 11:56 to 12:01.
        assertThat(f.query("select to_char(window_start at time zone 'UTC', 'HH24:MI'), page_views || '|' ||"
                + " add_to_carts || '|' || purchases || '|' || revenue || '|' || coalesce(avg_purchase::text, '-')"
                + " from commerce_product_windows where kind = 'sliding_5m' and product_id = 'p00001'"))
                .isEqualTo(new TreeMap<>(Map.of("11:56", "2|1|0|0.00|-", "11:57", "2|1|1|19.99|19.99",
                        "11:58", "2|1|1|19.99|19.99", "11:59", "2|1|1|19.99|19.99", "12:00", "2|1|1|19.99|19.99",
                        "12:01", "0|0|1|19.99|19.99")));
        // Windows per product: p00001 6, p00002 (minutes 0 and 4) 9, p99999 5, p00003 (0 and 5) 10, p00004 5.
        assertThat(f.count("select count(*) from commerce_product_windows where kind = 'sliding_5m'")).isEqualTo(35);
        assertThat(f.query("select to_char(window_start at time zone 'UTC', 'HH24:MI'), page_views || '|' ||"
                + " add_to_carts || '|' || purchases || '|' || coalesce(view_to_cart::text, '-') || '|' ||"
                + " coalesce(cart_to_purchase::text, '-') || '|' || coalesce(view_to_purchase::text, '-')"
                + " from commerce_funnel")).isEqualTo(new TreeMap<>(Map.of(
                        "12:00", "5|2|0|0.4000|0.0000|0.0000", "12:01", "0|0|1|-|-|-",
                        "12:04", "1|0|0|0.0000|-|0.0000", "12:05", "1|0|0|0.0000|-|0.0000",
                        "12:11", "1|0|0|0.0000|-|0.0000")));

        // The watermark of each batch: 0 for the first, then 12:04:50 (300 s - 10 s) until a batch without rows
        // moves it to 12:11:30 (700 s - 10 s).
        assertThat(f.query("select batch_id::text, to_char(watermark at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
                + " from commerce_watermarks")).containsValues("1970-01-01 00:00:00", "2026-03-02 12:04:50",
                        "2026-03-02 12:11:30");

        // Sessions that ended by 12:11:30; c000005's (ends 12:16:40) is still open.
        String s1 = segment(c1);
        String s2 = segment(c2);
        String s4 = segment(c4);
        assertThat(f.query("select user_id || '@' || to_char(session_start at time zone 'UTC', 'HH24:MI:SS'),"
                + " to_char(session_end at time zone 'UTC', 'HH24:MI:SS') || '|' || coalesce(segment, '-') || '|' ||"
                + " events || '|' || page_views || '|' || add_to_carts || '|' || purchases || '|' || value || '|' ||"
                + " converted || '|' || abandoned from commerce_sessions")).isEqualTo(new TreeMap<>(Map.of(
                        c1 + "@12:00:00", "12:09:55|" + s1 + "|5|3|1|1|19.99|true|false",
                        c2 + "@12:00:30", "12:05:35|" + s2 + "|2|1|1|0|0.00|false|true",
                        "ghost@12:00:40", "12:05:40|-|1|1|0|0|0.00|false|false",
                        c4 + "@12:00:00", "12:05:00|" + s4 + "|1|1|0|0|0.00|false|false",
                        c4 + "@12:05:00", "12:10:00|" + s4 + "|1|1|0|0|0.00|false|false")));
        assertThat(f.query("select kind || '/' || key, risk_score::text || '|' || (details->>'add_to_carts')"
                + " from commerce_alerts")).isEqualTo(Map.of("ABANDONED_CART/" + c2 + "@" + at(30), "0.5000|1"));

        // Every on-time event enriched once; the unknown ids with null category and segment.
        List<JsonNode> enriched = f.records(f.settings().enrichedTopic());
        Map<String, String> byId = enriched.stream().collect(Collectors.toMap(e -> e.get("event_id").asText(),
                e -> e.get("category").asText("-") + "|" + e.get("segment").asText("-"), (a, b) -> a + " TWICE " + b,
                TreeMap::new));
        assertThat(byId).containsOnlyKeys("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10", "e11");
        assertThat(enriched).hasSize(11);
        assertThat(byId).containsEntry("e7", "-|-").containsEntry("e5", category1 + "|" + s1);
        assertThat(enriched).filteredOn(e -> e.get("event_id").asText().equals("e7")).singleElement()
                .satisfies(e -> assertThat(e.get("category").isNull() && e.get("segment").isNull()).isTrue());

        List<JsonNode> all = f.records(f.settings().dlqTopic());
        // The later copy of each redelivered event is refused, the first one counted (and enriched) once.
        Map<String, Long> enrichedAt = enriched.stream().collect(Collectors.toMap(e -> e.get("event_id").asText(),
                e -> e.get("offset").asLong()));
        List<JsonNode> duplicates = all.stream().filter(l -> l.get("reason").asText().equals("DUPLICATE_EVENT")).toList();
        assertThat(duplicates).extracting(l -> json(l.get("value").asText()).get("event_id").asText())
                .containsExactlyInAnyOrder("e2", "e9");
        assertThat(duplicates).allSatisfy(l -> assertThat(l.get("offset").asLong())
                .isGreaterThan(enrichedAt.get(json(l.get("value").asText()).get("event_id").asText())));
        List<JsonNode> letters = all.stream().filter(l -> !l.get("reason").asText().equals("DUPLICATE_EVENT")).toList();
        Map<String, String> reasons = letters.stream().collect(Collectors.toMap(l -> l.get("value").asText(),
                l -> l.get("reason").asText(), (a, b) -> a + "," + b, TreeMap::new));
        Map<String, String> expected = new TreeMap<>(bad);
        String oversized = expected.keySet().stream().filter(k -> k.length() > 70_000).findFirst().orElseThrow();
        expected.remove(oversized);
        assertThat(reasons).containsAllEntriesOf(expected).hasSize(bad.size());
        assertThat(letters).allSatisfy(l -> assertThat(l.get("pipeline").asText()).isEqualTo("commerce"));
    }

    private static JsonNode json(String text) {
        return io.fluxo.testing.PipelineFixture.json(text);
    }

    private static String category(String product) {
        return CommerceCatalog.products(CommerceFixture.PRODUCTS, CommerceFixture.CATALOG_SEED).stream()
                .filter(p -> p.productId().equals(product)).findFirst().orElseThrow().category();
    }

    private static String segment(String user) {
        return CommerceCatalog.customers(CommerceFixture.CUSTOMERS, CommerceFixture.CATALOG_SEED).stream()
                .filter(c -> c.userId().equals(user)).findFirst().orElseThrow().segment();
    }
}
