package io.fluxo.pipeline.commerce;

import io.fluxo.sink.postgres.TableSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commerce tables as the PostgreSQL sink writes them. Windows and the funnel take increments: a batch adds its
 * on-time events' counts and revenue to what the row holds, and the average and the rates are computed again from
 * the new totals (half to even, in the database: {@code fluxo_div_half_even}). Sessions, alerts and late events are
 * written once. Every write is fenced per batch, so an increment is never added twice.
 */
final class CommerceTables {
    static final TableSpec WINDOWS = TableSpec.merging("commerce_product_windows", List.of("kind", "window_start",
            "window_end", "product_id", "category", "page_views", "add_to_carts", "purchases", "revenue", "avg_purchase"),
            List.of("kind", "window_start", "product_id"), windowMerge());
    static final TableSpec FUNNEL = TableSpec.merging("commerce_funnel", List.of("window_start", "window_end",
            "page_views", "add_to_carts", "purchases", "view_to_cart", "cart_to_purchase", "view_to_purchase"),
            List.of("window_start"), funnelMerge());
    static final TableSpec SESSIONS = TableSpec.insertOnly("commerce_sessions", List.of("user_id", "session_start",
            "session_end", "segment", "events", "page_views", "add_to_carts", "purchases", "value", "converted",
            "abandoned"), List.of("user_id", "session_start"));
    static final TableSpec ALERTS = TableSpec.insertOnly("commerce_alerts", List.of("kind", "key", "detected_at",
            "details", "risk_score"), List.of("kind", "key"));
    static final TableSpec LATE = TableSpec.insertOnly("late_events", List.of("topic", "kafka_partition",
            "kafka_offset", "event_id", "user_id", "product_id", "event_type", "amount", "event_time", "watermark",
            "lateness_ms"), List.of("topic", "kafka_partition", "kafka_offset"));
    static final TableSpec WATERMARKS = TableSpec.insertOnly("commerce_watermarks", List.of("query_id", "batch_id",
            "watermark"), List.of("query_id", "batch_id"));

    private CommerceTables() {
    }

    private static String sum(String column) {
        return "{t}." + column + " + excluded." + column;
    }

    private static String ratio(String numerator, String denominator, int places) {
        return "fluxo_div_half_even(" + sum(numerator) + ", " + sum(denominator) + ", " + places + ")";
    }

    private static Map<String, String> windowMerge() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("category", "coalesce({t}.category, excluded.category)");
        for (String c : List.of("page_views", "add_to_carts", "purchases", "revenue")) {
            m.put(c, sum(c));
        }
        m.put("avg_purchase", ratio("revenue", "purchases", 2));
        return m;
    }

    private static Map<String, String> funnelMerge() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String c : List.of("page_views", "add_to_carts", "purchases")) {
            m.put(c, sum(c));
        }
        m.put("view_to_cart", ratio("add_to_carts", "page_views", 4));
        m.put("cart_to_purchase", ratio("purchases", "add_to_carts", 4));
        m.put("view_to_purchase", ratio("purchases", "page_views", 4));
        return m;
    }
}
