package io.fluxo.pipeline.commerce;

import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.FluxoConfig.KafkaSettings;
import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.sink.RetryBudget;
import io.fluxo.sink.kafka.KafkaFencedSink;
import io.fluxo.sink.kafka.KafkaSinkSettings;
import io.fluxo.sink.postgres.PostgresSink;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.spark.OffsetLog;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Writes one micro-batch of the stateful step's output where its rows are, one Spark partition at a time, each part
 * with a fence of its own (query id, part, partition), so that a replay after a crash anywhere in between writes
 * nothing twice:
 * <ol>
 *   <li>dead letters and the enriched on-time events to Kafka ({@code commerce.dlq}, {@code sales_events.enriched}),
 *       in one Kafka transaction per partition;</li>
 *   <li>late events to {@code late_events};</li>
 *   <li>the on-time events' increments of every product window and funnel minute they fall in, summed per key;</li>
 *   <li>closed sessions to {@code commerce_sessions}, with an {@code ABANDONED_CART} alert for each abandoned one;</li>
 *   <li>on the driver, the revenue anomaly check of the 1-minute windows the watermark closed since the batch before
 *       (their rows can change no more), fenced with the batch's watermark in {@code commerce_watermarks}.</li>
 * </ol>
 * A row PostgreSQL refuses for good is not lost silently: the batch fails with the server's one-line message (these
 * tables take what the parser let through, so a refusal is a bug or a changed schema, not bad input).
 */
final class CommerceBatchWriter implements VoidFunction2<Dataset<SalesOutputRow>, Long> {
    private static final long serialVersionUID = 1L;
    private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PIPELINE = CommercePipelineNames.NAME;

    private final FluxoConfig config;
    private transient CommerceReference.Lookup lookup;

    CommerceBatchWriter(FluxoConfig config) {
        this.config = config;
    }

    static String fence(String queryId, String part, int partition) {
        return queryId + "." + part + ".p" + partition;
    }

    @Override
    public void call(Dataset<SalesOutputRow> batch, Long batchId) {
        long started = System.currentTimeMillis();
        CommerceSettings settings = CommerceSettings.of(config);
        var sc = batch.sparkSession().sparkContext();
        String queryId = sc.getLocalProperty(QUERY_ID_PROPERTY);
        // The watermark in force for this batch, as the offset log holds it: the same on a replay, and there also
        // for a batch Spark runs without rows only to move the watermark (and fire the session timers).
        long watermark = OffsetLog.batchWatermarkMs(sc.hadoopConfiguration(),
                config.checkpoint(PIPELINE).toAbsolutePath().toString(), batchId);
        PostgresSettings postgres = settings.postgresSink() ? PostgresSettings.of(config) : null;
        long id = batchId;
        Dataset<SalesOutputRow> rows = batch.persist();
        try {
            PipelineMetrics metrics = PipelineMetrics.of(PIPELINE);
            if (!rows.isEmpty()) {
                CommerceReference.Lookup reference = reference(settings, postgres);
                LongAccumulator onTime = sc.longAccumulator("on-time");
                LongAccumulator late = sc.longAccumulator("late");
                LongAccumulator letters = sc.longAccumulator("dead-letters");
                LongAccumulator sessions = sc.longAccumulator("sessions");
                kafka(rows, queryId, id, settings, reference, onTime, letters);
                if (postgres != null) {
                    lateEvents(rows, queryId, id, postgres, late);
                    windows(rows, queryId, id, postgres, reference);
                    sessions(rows, queryId, id, postgres, reference, sessions);
                } else {
                    late.add(rows.filter((FilterFunction<SalesOutputRow>) r -> SalesOutputRow.LATE.equals(r.getKind())).count());
                    sessions.add(rows.filter((FilterFunction<SalesOutputRow>) r -> SalesOutputRow.SESSION.equals(r.getKind())).count());
                }
                metrics.add(CommercePipelineNames.ON_TIME, onTime.value());
                metrics.add(CommercePipelineNames.LATE, late.value());
                metrics.add(CommercePipelineNames.SESSIONS, sessions.value());
                metrics.add(PipelineMetrics.DEAD_LETTERS, letters.value());
            }
            if (postgres != null) {
                anomalies(queryId, id, postgres, settings, watermark);
            }
            metrics.batchWritten(System.currentTimeMillis() - started);
        } finally {
            rows.unpersist();
        }
    }

    /** The reference data, read again once {@code commerce.reference-refresh} has passed; empty without PostgreSQL. */
    private CommerceReference.Lookup reference(CommerceSettings settings, PostgresSettings postgres) {
        long now = System.currentTimeMillis();
        if (postgres == null) {
            return new CommerceReference.Lookup(Map.of(), Map.of(), now);
        }
        if (stale(lookup, now, settings.referenceRefresh())) {
            lookup = CommerceReference.read(postgres);
        }
        return lookup;
    }

    /** Whether the reference data must be read (again): never read, or read at least {@code refresh} ago. */
    static boolean stale(CommerceReference.Lookup lookup, long nowMillis, java.time.Duration refresh) {
        return lookup == null || nowMillis - lookup.readAtMillis() >= refresh.toMillis();
    }

    private void kafka(Dataset<SalesOutputRow> rows, String queryId, long id, CommerceSettings settings,
            CommerceReference.Lookup reference, LongAccumulator onTime, LongAccumulator letters) {
        KafkaSettings kafka = config.kafka();
        RetryBudget retry = KafkaSinkSettings.of(config).retry();
        rows.foreachPartition((ForeachPartitionFunction<SalesOutputRow>) it -> {
            List<SalesOutputRow> sorted = sortedOf(it, SalesOutputRow.ON_TIME, SalesOutputRow.DEAD_LETTER);
            List<KafkaFencedSink.Record> records = new ArrayList<>(sorted.size());
            for (SalesOutputRow r : sorted) {
                if (SalesOutputRow.DEAD_LETTER.equals(r.getKind())) {
                    records.add(new KafkaFencedSink.Record(settings.dlqTopic(), r.getLetterKey(), r.getLetterJson()));
                    letters.add(1);
                } else {
                    records.add(new KafkaFencedSink.Record(settings.enrichedTopic(), r.getUserId(), enriched(r, reference)));
                    onTime.add(1);
                }
            }
            KafkaFencedSink.shared(kafka, retry, settings.dlqTopic(), PIPELINE,
                    fence(queryId, "kafka", TaskContext.getPartitionId())).write(id, records, refused -> {
                        throw new IllegalStateException("Kafka refused a record of " + refused.size() + " bytes for "
                                + refused.record().topic() + " (limit " + refused.limit() + " bytes; raise the topic's"
                                + " max.message.bytes or lower fluxo.commerce.max-payload-bytes): " + refused.message());
                    });
        });
    }

    static String enriched(SalesOutputRow r, CommerceReference.Lookup reference) {
        ObjectNode json = JSON.createObjectNode();
        json.put("event_id", r.getEventId());
        json.put("user_id", r.getUserId());
        json.put("product_id", r.getProductId());
        json.put("event_type", r.getEventType());
        json.put("amount", r.getAmount());
        json.put("timestamp", Instant.ofEpochMilli(r.getEventTimeMs()).toString());
        json.put("category", reference.category(r.getProductId()));
        json.put("segment", reference.segment(r.getUserId()));
        json.put("topic", r.getTopic());
        json.put("partition", r.getPartition());
        json.put("offset", r.getOffset());
        return json.toString();
    }

    /** This partition's rows of those kinds, in Kafka order (the same on every attempt). */
    private static List<SalesOutputRow> sortedOf(java.util.Iterator<SalesOutputRow> it, String... kinds) {
        List<String> wanted = List.of(kinds);
        List<SalesOutputRow> sorted = new ArrayList<>();
        it.forEachRemaining(r -> {
            if (wanted.contains(r.getKind())) {
                sorted.add(r);
            }
        });
        sorted.sort(Comparator.comparing(SalesOutputRow::getKind).thenComparing(r -> r.getTopic() == null ? "" : r.getTopic())
                .thenComparingInt(SalesOutputRow::getPartition).thenComparingLong(SalesOutputRow::getOffset)
                .thenComparing(r -> r.getUserId() == null ? "" : r.getUserId())
                .thenComparingLong(SalesOutputRow::getSessionStartMs));
        return sorted;
    }

    private static void writeUnits(PostgresSettings postgres, String fence, long id, List<List<PostgresSink.Row>> units) {
        if (units.isEmpty()) {
            return;
        }
        List<PostgresSink.Refusal> refused = new PostgresSink(postgres, fence).writeAll(id, units).refused();
        if (!refused.isEmpty()) {
            PostgresSink.Refusal r = refused.get(0);
            throw new IllegalStateException("PostgreSQL refused " + refused.size() + " commerce row(s) of batch " + id
                    + ", the first in " + r.rows().get(0).table().table() + ": " + r.message() + " (SQLSTATE "
                    + r.sqlState() + ")");
        }
    }

    private void lateEvents(Dataset<SalesOutputRow> rows, String queryId, long id, PostgresSettings postgres,
            LongAccumulator late) {
        rows.foreachPartition((ForeachPartitionFunction<SalesOutputRow>) it -> {
            List<List<PostgresSink.Row>> units = new ArrayList<>();
            for (SalesOutputRow r : sortedOf(it, SalesOutputRow.LATE)) {
                units.add(List.of(PostgresSink.Row.of(CommerceTables.LATE, r.getTopic(), r.getPartition(), r.getOffset(),
                        r.getEventId(), r.getUserId(), r.getProductId(), r.getEventType(), r.getAmount(),
                        Instant.ofEpochMilli(r.getEventTimeMs()), Instant.ofEpochMilli(r.getWatermarkMs()), r.getLatenessMs())));
            }
            writeUnits(postgres, fence(queryId, "late", TaskContext.getPartitionId()), id, units);
            late.add(units.size());
        });
    }

    /** One on-time event's share of one window (or funnel minute, kind "funnel"): the increments it adds. */
    public static final class Delta implements java.io.Serializable {
        private String kind;
        private long startMs;
        private String productId;
        private long pageViews;
        private long addToCarts;
        private long purchases;
        private BigDecimal revenue;

        public String getKind() { return kind; }
        public void setKind(String v) { kind = v; }
        public long getStartMs() { return startMs; }
        public void setStartMs(long v) { startMs = v; }
        public String getProductId() { return productId; }
        public void setProductId(String v) { productId = v; }
        public long getPageViews() { return pageViews; }
        public void setPageViews(long v) { pageViews = v; }
        public long getAddToCarts() { return addToCarts; }
        public void setAddToCarts(long v) { addToCarts = v; }
        public long getPurchases() { return purchases; }
        public void setPurchases(long v) { purchases = v; }
        public BigDecimal getRevenue() { return revenue; }
        public void setRevenue(BigDecimal v) { revenue = v; }
    }

    static final String FUNNEL = "funnel";

    static List<Delta> deltas(SalesOutputRow r) {
        List<Delta> out = new ArrayList<>(7);
        EventType type = EventType.parse(r.getEventType()).orElseThrow();
        for (WindowKind k : WindowKind.values()) {
            for (long start : k.starts(r.getEventTimeMs())) {
                out.add(delta(k.label(), start, r.getProductId(), type, r.getAmount()));
            }
        }
        out.add(delta(FUNNEL, WindowKind.TUMBLING_1M.starts(r.getEventTimeMs()).get(0), "", type, r.getAmount()));
        return out;
    }

    private static Delta delta(String kind, long start, String product, EventType type, BigDecimal amount) {
        Delta d = new Delta();
        d.kind = kind;
        d.startMs = start;
        d.productId = product;
        d.pageViews = type == EventType.PAGE_VIEW ? 1 : 0;
        d.addToCarts = type == EventType.ADD_TO_CART ? 1 : 0;
        d.purchases = type == EventType.PURCHASE ? 1 : 0;
        d.revenue = type == EventType.PURCHASE ? amount : BigDecimal.ZERO.setScale(2);
        return d;
    }

    private void windows(Dataset<SalesOutputRow> rows, String queryId, long id, PostgresSettings postgres,
            CommerceReference.Lookup reference) {
        Dataset<Row> sums = rows.filter((FilterFunction<SalesOutputRow>) r -> SalesOutputRow.ON_TIME.equals(r.getKind()))
                .flatMap((FlatMapFunction<SalesOutputRow, Delta>) r -> deltas(r).iterator(), Encoders.bean(Delta.class))
                .groupBy("kind", "startMs", "productId")
                .agg(sum("pageViews").as("pageViews"), sum("addToCarts").as("addToCarts"),
                        sum("purchases").as("purchases"), sum("revenue").as("revenue"));
        sums.foreachPartition((ForeachPartitionFunction<Row>) it -> {
            TreeMap<String, List<PostgresSink.Row>> byKey = new TreeMap<>();
            it.forEachRemaining(r -> {
                String kind = r.getString(0);
                long start = r.getLong(1);
                String product = r.getString(2);
                long views = r.getLong(3);
                long carts = r.getLong(4);
                long purchases = r.getLong(5);
                BigDecimal revenue = r.getDecimal(6).setScale(2);
                PostgresSink.Row row;
                if (FUNNEL.equals(kind)) {
                    row = PostgresSink.Row.of(CommerceTables.FUNNEL, Instant.ofEpochMilli(start),
                            Instant.ofEpochMilli(start + WindowKind.TUMBLING_1M.sizeMillis()), views, carts, purchases,
                            Ratios.rate(carts, views), Ratios.rate(purchases, carts), Ratios.rate(purchases, views));
                } else {
                    WindowKind k = WindowKind.TUMBLING_1M.label().equals(kind) ? WindowKind.TUMBLING_1M : WindowKind.SLIDING_5M;
                    row = PostgresSink.Row.of(CommerceTables.WINDOWS, kind, Instant.ofEpochMilli(start),
                            Instant.ofEpochMilli(start + k.sizeMillis()), product, reference.category(product), views, carts,
                            purchases, revenue, Ratios.average(revenue, purchases));
                }
                byKey.put(kind + "|" + start + "|" + product, List.of(row));
            });
            writeUnits(postgres, fence(queryId, "windows", TaskContext.getPartitionId()), id, new ArrayList<>(byKey.values()));
        });
    }

    private void sessions(Dataset<SalesOutputRow> rows, String queryId, long id, PostgresSettings postgres,
            CommerceReference.Lookup reference, LongAccumulator sessions) {
        rows.foreachPartition((ForeachPartitionFunction<SalesOutputRow>) it -> {
            List<List<PostgresSink.Row>> units = new ArrayList<>();
            for (SalesOutputRow s : sortedOf(it, SalesOutputRow.SESSION)) {
                boolean converted = s.getPurchases() > 0;
                boolean abandoned = s.getAddToCarts() > 0 && !converted;
                Instant start = Instant.ofEpochMilli(s.getSessionStartMs());
                List<PostgresSink.Row> unit = new ArrayList<>(2);
                unit.add(PostgresSink.Row.of(CommerceTables.SESSIONS, s.getUserId(), start,
                        Instant.ofEpochMilli(s.getSessionEndMs()), reference.segment(s.getUserId()), s.getEvents(),
                        s.getPageViews(), s.getAddToCarts(), s.getPurchases(), s.getValue(), converted, abandoned));
                if (abandoned) {
                    unit.add(PostgresSink.Row.of(CommerceTables.ALERTS, "ABANDONED_CART", s.getUserId() + "@" + start,
                            Instant.ofEpochMilli(s.getWatermarkMs()), abandonedDetails(s, reference),
                            abandonedRisk(s)));
                }
                units.add(unit);
            }
            writeUnits(postgres, fence(queryId, "sessions", TaskContext.getPartitionId()), id, units);
            sessions.add(units.size());
        });
    }

    private static String abandonedDetails(SalesOutputRow s, CommerceReference.Lookup reference) {
        ObjectNode json = JSON.createObjectNode();
        json.put("user_id", s.getUserId());
        json.put("segment", reference.segment(s.getUserId()));
        json.put("session_start", Instant.ofEpochMilli(s.getSessionStartMs()).toString());
        json.put("session_end", Instant.ofEpochMilli(s.getSessionEndMs()).toString());
        json.put("add_to_carts", s.getAddToCarts());
        json.put("page_views", s.getPageViews());
        return json.toString();
    }

    /** The more a user put in the cart and left, the higher: carts / (carts + 1), 4 places (1 cart: 0.5000). */
    static BigDecimal abandonedRisk(SalesOutputRow s) {
        return Ratios.rate(s.getAddToCarts(), s.getAddToCarts() + 1);
    }

    /**
     * The anomaly check of the 1-minute windows that closed since the batch before, on the driver: those windows and
     * each one's product history, read from PostgreSQL (a few rows per product), then the alerts and this batch's
     * watermark in one fenced write.
     */
    private static void anomalies(String queryId, long id, PostgresSettings postgres, CommerceSettings settings,
            long watermark) {
        RevenueAnomaly rule = settings.anomaly();
        List<List<PostgresSink.Row>> units = PostgresSink.withConnection(postgres, "check revenue anomalies in", c -> {
            Timestamp before;
            try (PreparedStatement p = c.prepareStatement("select max(watermark) from commerce_watermarks"
                    + " where query_id = ? and batch_id < ?")) {
                p.setString(1, queryId);
                p.setLong(2, id);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    before = rs.getTimestamp(1);
                }
            }
            List<List<PostgresSink.Row>> out = new ArrayList<>();
            out.add(List.of(PostgresSink.Row.of(CommerceTables.WATERMARKS, queryId, id, Instant.ofEpochMilli(watermark))));
            // Closed windows with (before, watermark] as their end; each with the product's earlier windows.
            try (PreparedStatement p = c.prepareStatement("""
                    select w.product_id, w.window_start, w.revenue, h.revenues
                    from commerce_product_windows w
                    cross join lateral (
                        select array_agg(revenue order by window_start) as revenues from (
                            select revenue, window_start from commerce_product_windows e
                            where e.kind = 'tumbling_1m' and e.product_id = w.product_id
                              and e.window_start < w.window_start
                            order by window_start desc limit ?) last) h
                    where w.kind = 'tumbling_1m' and w.window_end <= ? and (?::timestamptz is null or w.window_end > ?)
                    order by w.window_start, w.product_id""")) {
                p.setInt(1, rule.history());
                p.setTimestamp(2, new Timestamp(watermark));
                p.setTimestamp(3, before);
                p.setTimestamp(4, before);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        java.sql.Array a = rs.getArray(4);
                        List<BigDecimal> history = a == null ? List.of() : List.of((BigDecimal[]) a.getArray());
                        String product = rs.getString(1);
                        Instant start = rs.getTimestamp(2).toInstant();
                        rule.check(history, rs.getBigDecimal(3)).ifPresent(f -> out.add(List.of(PostgresSink.Row.of(
                                CommerceTables.ALERTS, "REVENUE_ANOMALY", product + "@" + start,
                                Instant.ofEpochMilli(watermark), anomalyDetails(product, start, f), f.riskScore()))));
                    }
                }
            }
            return out;
        });
        writeUnits(postgres, queryId + ".anomalies", id, units);
    }

    private static String anomalyDetails(String product, Instant start, RevenueAnomaly.Finding f) {
        ObjectNode json = JSON.createObjectNode();
        json.put("product_id", product);
        json.put("window_start", start.toString());
        json.put("revenue", f.revenue());
        json.put("mean", f.mean());
        json.put("stddev", f.stddev());
        json.put("z", f.z());
        json.put("windows", f.windows());
        return json.toString();
    }
}
