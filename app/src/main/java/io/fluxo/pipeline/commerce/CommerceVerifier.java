package io.fluxo.pipeline.commerce;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.pipeline.VerifyOptions;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Checks the commerce sinks against what {@code fluxo produce commerce --expect FILE} sent (DESIGN §1.4): late_events
 * must hold only events that were sent, with their fields and a lateness of watermark − event time above 0; given those
 * late ids, commerce_product_windows, commerce_funnel, commerce_sessions and commerce_alerts (kind, key, risk_score,
 * and details valid JSON) must equal {@link CommerceExpectation#tables}; the committed records of
 * sales_events.enriched must be the on-time events, each once; optionally the dead letters of commerce.dlq must be the
 * invalid records sent, each with its reason. Rows are compared within the run's event-time span (windows from 4
 * minutes before its first event), so rows of other runs in the same tables are left out; records of the two topics
 * are matched to the run by event id and value hash.
 */
public final class CommerceVerifier {
    static final int KAFKA_TIMEOUT_MS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000L;
    /** The topics' names in mismatches and the summary (their defaults; the settings may name others). */
    static final String ENRICHED = "sales_events.enriched";
    static final String DLQ = "commerce.dlq";

    /** A row of late_events, as read. */
    record LateRow(String eventId, String userId, String productId, String eventType, BigDecimal amount,
            long eventTimeMillis, long watermarkMillis, long latenessMs) {
    }

    /** A row of commerce_alerts, as read; details as text. */
    record AlertRead(String kind, String key, BigDecimal riskScore, String details) {
    }

    /** A record of sales_events.enriched: its event id, and its category and segment fields when it has them. */
    record Enriched(String eventId, boolean hasCategory, String category, boolean hasSegment, String segment) {
    }

    /** A dead letter of commerce.dlq: its reason and the SHA-256 of the value it refused. */
    record Letter(String reason, String valueSha256) {
    }

    /** What the sinks hold within the run's span; {@code letters} null when the DLQ is not checked. */
    record Actual(List<CommerceExpectation.WindowRow> windows, List<CommerceExpectation.FunnelRow> funnel,
            List<CommerceExpectation.SessionRow> sessions, List<AlertRead> alerts, List<LateRow> late,
            List<Enriched> enriched, List<Letter> letters) {
    }

    /** How one table or topic compares. */
    public record Count(String name, int expected, int matched, int differing, int missing, int unexpected) {
        String text() {
            return String.format(Locale.ROOT, "%s %,d/%,d", name, matched, expected)
                    + (differing + missing + unexpected == 0 ? ""
                            : String.format(Locale.ROOT, " (%d differ, %d missing, %d unexpected)", differing, missing,
                                    unexpected));
        }
    }

    /**
     * What a check found.
     *
     * @param problems every mismatch found; {@code mismatches} holds the first {@link VerifyOptions#MAX_MISMATCHES}
     */
    public record Result(List<Count> counts, int late, int problems, List<String> mismatches) {
        public Result {
            counts = List.copyOf(counts);
            mismatches = List.copyOf(mismatches);
        }

        public boolean ok() {
            return problems == 0;
        }

        public boolean capped() {
            return problems > mismatches.size();
        }

        public String summary() {
            StringBuilder s = new StringBuilder("verify commerce: ");
            for (Count c : counts) {
                s.append(c.text()).append(", ");
            }
            s.append(String.format(Locale.ROOT, "late_events %,d", late));
            return s.append(ok() ? ": all match" : String.format(Locale.ROOT, ": %,d mismatches", problems)).toString();
        }
    }

    private final PostgresSettings postgres;
    private final Map<String, Object> kafkaProperties;
    private final CommerceSettings settings;

    public CommerceVerifier(PostgresSettings postgres, Map<String, Object> kafkaProperties, CommerceSettings settings) {
        this.postgres = requireNonNull(postgres, "postgres");
        this.kafkaProperties = Map.copyOf(requireNonNull(kafkaProperties, "kafkaProperties"));
        this.settings = requireNonNull(settings, "settings");
    }

    public static CommerceVerifier of(FluxoConfig config) {
        return new CommerceVerifier(PostgresSettings.of(config), config.kafka().clientProperties(),
                CommerceSettings.of(config));
    }

    /** Checks again every 2 s until everything matches or the timeout passes (the pipeline may still be catching up). */
    public Result verify(CommerceExpectation expected, Duration timeout, boolean checkDlq) {
        return VerifyOptions.untilOk(timeout, () -> check(expected, checkDlq), Result::ok);
    }

    public Result check(CommerceExpectation expected, boolean checkDlq) {
        requireNonNull(expected, "expected");
        return compare(expected, read(expected, checkDlq));
    }

    /** The run's event-time span: first and last event time of the valid events sent. */
    private record Span(long first, long last) {
        static Span of(CommerceExpectation x) {
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (CommerceExpectation.Event e : x.events()) {
                first = Math.min(first, e.eventTimeMillis());
                last = Math.max(last, e.eventTimeMillis());
            }
            return new Span(first, last);
        }

        long firstWindow() {
            return Math.floorDiv(first, MINUTE) * MINUTE - 4 * MINUTE;
        }

        boolean holdsWindow(long start) {
            return start >= firstWindow() && start <= last;
        }
    }

    private Actual read(CommerceExpectation x, boolean checkDlq) {
        List<Enriched> enriched = readEnriched();
        List<Letter> letters = checkDlq ? readLetters() : null;
        if (x.events().isEmpty()) {
            return new Actual(List.of(), List.of(), List.of(), List.of(), List.of(), enriched, letters);
        }
        Span span = Span.of(x);
        OffsetDateTime firstWindow = utc(span.firstWindow());
        OffsetDateTime first = utc(span.first());
        OffsetDateTime last = utc(span.last());
        try (Connection c = PostgresDataSources.shared(postgres).getConnection()) {
            List<CommerceExpectation.WindowRow> windows = query(c, "select kind, window_start, window_end, product_id,"
                    + " category, page_views, add_to_carts, purchases, revenue, avg_purchase from commerce_product_windows"
                    + " where window_start between ? and ?", List.of(firstWindow, last),
                    r -> new CommerceExpectation.WindowRow(r.getString(1), millis(r, 2), millis(r, 3), r.getString(4),
                            r.getString(5), r.getLong(6), r.getLong(7), r.getLong(8), scale(r.getBigDecimal(9), 2),
                            scale(r.getBigDecimal(10), 2)));
            List<CommerceExpectation.FunnelRow> funnel = query(c, "select window_start, window_end, page_views,"
                    + " add_to_carts, purchases, view_to_cart, cart_to_purchase, view_to_purchase from commerce_funnel"
                    + " where window_start between ? and ?", List.of(firstWindow, last),
                    r -> new CommerceExpectation.FunnelRow(millis(r, 1), millis(r, 2), r.getLong(3), r.getLong(4),
                            r.getLong(5), scale(r.getBigDecimal(6), 4), scale(r.getBigDecimal(7), 4),
                            scale(r.getBigDecimal(8), 4)));
            List<CommerceExpectation.SessionRow> sessions = query(c, "select user_id, session_start, session_end, segment,"
                    + " events, page_views, add_to_carts, purchases, value, converted, abandoned from commerce_sessions"
                    + " where session_start between ? and ?", List.of(first, last),
                    r -> new CommerceExpectation.SessionRow(r.getString(1), millis(r, 2), millis(r, 3), r.getString(4),
                            r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8), scale(r.getBigDecimal(9), 2),
                            r.getBoolean(10), r.getBoolean(11)));
            List<AlertRead> alerts = new ArrayList<>();
            for (AlertRead a : query(c, "select kind, key, risk_score, details::text from commerce_alerts", List.of(),
                    r -> new AlertRead(r.getString(1), r.getString(2), scale(r.getBigDecimal(3), 4), r.getString(4)))) {
                Long at = keyInstant(a.key());
                if (at != null && span.holdsWindow(at)) {
                    alerts.add(a);
                }
            }
            List<LateRow> late = query(c, "select event_id, user_id, product_id, event_type, amount, event_time,"
                    + " watermark, lateness_ms from late_events where topic = ? and event_time between ? and ?",
                    List.of(settings.topic(), first, last),
                    r -> new LateRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            scale(r.getBigDecimal(5), 2), millis(r, 6), millis(r, 7), r.getLong(8)));
            return new Actual(windows, funnel, sessions, alerts, late, enriched, letters);
        } catch (SQLException e) {
            throw new UserException("Cannot read the commerce tables from PostgreSQL at " + postgres.url() + ": "
                    + e.getMessage() + " (is the stack up? ./fluxo stack up)", e);
        }
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet r) throws SQLException;
    }

    private static <T> List<T> query(Connection c, String sql, List<Object> parameters, RowReader<T> reader)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                p.setObject(i + 1, parameters.get(i));
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.add(reader.read(r));
                }
            }
            return rows;
        }
    }

    private static OffsetDateTime utc(long millis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), java.time.ZoneOffset.UTC);
    }

    private static long millis(ResultSet r, int column) throws SQLException {
        return r.getObject(column, OffsetDateTime.class).toInstant().toEpochMilli();
    }

    /** The value at that scale when it has no more digits, else as it is (so it shows as differing). */
    static BigDecimal scale(BigDecimal value, int places) {
        if (value == null) {
            return null;
        }
        try {
            return value.setScale(places, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            return value;
        }
    }

    /** The instant after the last '@' of an alert key, epoch milliseconds; null when there is none. */
    static Long keyInstant(String key) {
        int at = key.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        try {
            return Instant.parse(key.substring(at + 1)).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private List<Enriched> readEnriched() {
        List<Enriched> out = new ArrayList<>();
        readTopic(settings.enrichedTopic(), value -> {
            JsonNode n = json(value);
            JsonNode id = n == null ? null : n.get("event_id");
            out.add(id == null || !id.isTextual() ? new Enriched(null, false, null, false, null)
                    : new Enriched(id.textValue(), n.has("category"), textOrNull(n.get("category")), n.has("segment"),
                            textOrNull(n.get("segment"))));
        });
        return out;
    }

    private List<Letter> readLetters() {
        List<Letter> out = new ArrayList<>();
        readTopic(settings.dlqTopic(), value -> {
            JsonNode n = json(value);
            if (n != null && n.path("value_sha256").isTextual()) {
                out.add(new Letter(textOrNull(n.get("reason")), n.get("value_sha256").textValue()));
            }
        });
        return out;
    }

    private static JsonNode json(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(value);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    /** Every committed record of {@code topic} up to its end now; none when the topic does not exist. */
    private void readTopic(String topic, java.util.function.Consumer<byte[]> each) {
        Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", false);
        props.put("allow.auto.create.topics", false);
        props.put("auto.offset.reset", "earliest");
        props.put("default.api.timeout.ms", KAFKA_TIMEOUT_MS);
        props.put("request.timeout.ms", KAFKA_TIMEOUT_MS);
        String bootstrap = String.valueOf(kafkaProperties.get("bootstrap.servers"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofMillis(KAFKA_TIMEOUT_MS));
            if (infos == null || infos.isEmpty()) {
                return;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end offsets are the last stable offsets, past every committed transaction.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofMillis(KAFKA_TIMEOUT_MS));
            long deadline = System.currentTimeMillis() + 6L * KAFKA_TIMEOUT_MS;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new UserException("Cannot read topic " + topic + " on Kafka at " + bootstrap
                            + ": not at its end after " + 6 * KAFKA_TIMEOUT_MS / 1000 + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r.value());
                    }
                }
            }
        } catch (KafkaException e) {
            throw new UserException("Cannot read topic " + topic + " on Kafka at " + bootstrap + ": " + e.getMessage()
                    + " (is the stack up? ./fluxo stack up)", e);
        }
    }

    /** Compares what the sinks hold with the expectation; pure, so that every rule of it is tested without servers. */
    static Result compare(CommerceExpectation x, Actual actual) {
        Mismatches m = new Mismatches();
        Map<String, CommerceExpectation.Event> sent = new HashMap<>();
        x.events().forEach(e -> sent.put(e.eventId(), e));
        Set<String> lateIds = new HashSet<>();
        for (LateRow r : actual.late()) {
            CommerceExpectation.Event e = sent.get(r.eventId());
            if (e == null) {
                m.add("late_events " + r.eventId() + ": not an event this run sent");
                continue;
            }
            if (!lateIds.add(r.eventId())) {
                m.add("late_events " + r.eventId() + ": written more than once");
            }
            String want = late(e.userId(), e.productId(), e.type().wire(), e.amount(), e.eventTimeMillis());
            String got = late(r.userId(), r.productId(), r.eventType(), r.amount(), r.eventTimeMillis());
            if (!want.equals(got)) {
                m.add("late_events " + r.eventId() + ": sent " + want + ", found " + got);
            }
            if (r.latenessMs() != r.watermarkMillis() - r.eventTimeMillis() || r.latenessMs() <= 0) {
                m.add("late_events " + r.eventId() + ": lateness_ms " + r.latenessMs() + " with event_time "
                        + Instant.ofEpochMilli(r.eventTimeMillis()) + " and watermark "
                        + Instant.ofEpochMilli(r.watermarkMillis()) + " (must be watermark - event_time, above 0)");
            }
        }
        CommerceExpectation.Tables want = x.tables(lateIds);
        List<Count> counts = new ArrayList<>();
        counts.add(rows(m, "commerce_product_windows", want.windows(), actual.windows(),
                w -> w.kind() + " " + Instant.ofEpochMilli(w.windowStart()) + " " + w.productId(),
                w -> "end " + Instant.ofEpochMilli(w.windowEnd()) + ", category " + w.category() + ", " + w.pageViews()
                        + " views, " + w.addToCarts() + " carts, " + w.purchases() + " purchases, revenue "
                        + plain(w.revenue()) + ", avg " + plain(w.avgPurchase())));
        counts.add(rows(m, "commerce_funnel", want.funnel(), actual.funnel(),
                f -> Instant.ofEpochMilli(f.windowStart()).toString(),
                f -> "end " + Instant.ofEpochMilli(f.windowEnd()) + ", " + f.pageViews() + " views, " + f.addToCarts()
                        + " carts, " + f.purchases() + " purchases, rates " + plain(f.viewToCart()) + " "
                        + plain(f.cartToPurchase()) + " " + plain(f.viewToPurchase())));
        counts.add(rows(m, "commerce_sessions", want.sessions(), actual.sessions(),
                s -> s.userId() + " " + Instant.ofEpochMilli(s.sessionStart()),
                s -> "end " + Instant.ofEpochMilli(s.sessionEnd()) + ", segment " + s.segment() + ", " + s.events()
                        + " events (" + s.pageViews() + " views, " + s.addToCarts() + " carts, " + s.purchases()
                        + " purchases), value " + plain(s.value()) + (s.converted() ? ", converted" : "")
                        + (s.abandoned() ? ", abandoned" : "")));
        List<CommerceExpectation.AlertRow> alerts = new ArrayList<>();
        for (AlertRead a : actual.alerts()) {
            alerts.add(new CommerceExpectation.AlertRow(a.kind(), a.key(), a.riskScore()));
            if (json(a.details() == null ? null : a.details().getBytes(java.nio.charset.StandardCharsets.UTF_8)) == null) {
                m.add("commerce_alerts " + a.kind() + " " + a.key() + ": details is not a JSON object: " + a.details());
            }
        }
        counts.add(rows(m, "commerce_alerts", want.alerts(), alerts, a -> a.kind() + " " + a.key(),
                a -> "risk_score " + plain(a.riskScore())));
        counts.add(enriched(m, x, want, lateIds, actual.enriched()));
        if (actual.letters() != null) {
            counts.add(letters(m, x, actual.letters()));
        }
        return new Result(counts, lateIds.size(), m.total, m.list);
    }

    private static String late(String user, String product, String type, BigDecimal amount, long time) {
        return user + " " + product + " " + type + " " + plain(amount) + " at " + Instant.ofEpochMilli(time);
    }

    private static String plain(BigDecimal d) {
        return d == null ? "null" : d.toPlainString();
    }

    private static <R> Count rows(Mismatches m, String table, List<R> expected, List<R> actual,
            Function<R, String> key, Function<R, String> describe) {
        Map<String, R> want = new LinkedHashMap<>();
        expected.forEach(r -> want.put(key.apply(r), r));
        Map<String, R> got = new TreeMap<>();
        actual.forEach(r -> got.put(key.apply(r), r));
        int matched = 0;
        int differing = 0;
        int missing = 0;
        for (Map.Entry<String, R> e : want.entrySet()) {
            R found = got.remove(e.getKey());
            if (found == null) {
                missing++;
                m.add(table + " " + e.getKey() + ": missing (expected " + describe.apply(e.getValue()) + ")");
            } else if (Objects.equals(found, e.getValue())) {
                matched++;
            } else {
                differing++;
                m.add(table + " " + e.getKey() + ": expected " + describe.apply(e.getValue()) + ", found "
                        + describe.apply(found));
            }
        }
        for (Map.Entry<String, R> e : got.entrySet()) {
            m.add(table + " " + e.getKey() + ": unexpected (" + describe.apply(e.getValue()) + ")");
        }
        return new Count(table, want.size(), matched, differing, missing, got.size());
    }

    private static Count enriched(Mismatches m, CommerceExpectation x, CommerceExpectation.Tables want,
            Set<String> lateIds, List<Enriched> records) {
        String topic = ENRICHED;
        Map<String, CommerceExpectation.Event> onTime = new LinkedHashMap<>();
        x.events().stream().filter(e -> !lateIds.contains(e.eventId())).forEach(e -> onTime.put(e.eventId(), e));
        Set<String> late = new HashSet<>(lateIds);
        Set<String> seen = new HashSet<>();
        int matched = 0;
        int differing = 0;
        int unexpected = 0;
        for (Enriched r : records) {
            if (r.eventId() == null) {
                unexpected++;
                m.add(topic + ": a record without an event_id");
                continue;
            }
            if (late.contains(r.eventId())) {
                unexpected++;
                m.add(topic + " " + r.eventId() + ": a late event (it is in late_events)");
                continue;
            }
            CommerceExpectation.Event e = onTime.get(r.eventId());
            if (e == null) {
                continue; // another run's
            }
            if (!seen.add(r.eventId())) {
                unexpected++;
                m.add(topic + " " + r.eventId() + ": more than once");
                continue;
            }
            boolean category = !r.hasCategory() || Objects.equals(r.category(), x.category(e.productId()));
            boolean segment = !r.hasSegment() || Objects.equals(r.segment(), x.segment(e.userId()));
            if (category && segment) {
                matched++;
            } else {
                differing++;
                m.add(topic + " " + r.eventId() + ": expected category " + x.category(e.productId()) + " and segment "
                        + x.segment(e.userId()) + ", found " + r.category() + " and " + r.segment());
            }
        }
        int missing = 0;
        for (String id : onTime.keySet()) {
            if (!seen.contains(id)) {
                missing++;
                m.add(topic + " " + id + ": missing");
            }
        }
        return new Count(topic, Math.toIntExact(want.enriched()), matched, differing, missing, unexpected);
    }

    private static Count letters(Mismatches m, CommerceExpectation x, List<Letter> letters) {
        String topic = DLQ;
        Map<String, CommerceReason> want = new LinkedHashMap<>();
        x.invalid().forEach(r -> want.put(r.valueSha256(), r.reason()));
        Set<String> seen = new HashSet<>();
        int matched = 0;
        int differing = 0;
        int unexpected = 0;
        for (Letter l : letters) {
            CommerceReason reason = want.get(l.valueSha256());
            if (reason == null) {
                continue; // another run's, or a sink's refusal of a valid event
            }
            if (!seen.add(l.valueSha256())) {
                unexpected++;
                m.add(topic + " value " + l.valueSha256() + ": more than once");
            } else if (reason.name().equals(l.reason())) {
                matched++;
            } else {
                differing++;
                m.add(topic + " value " + l.valueSha256() + ": expected reason " + reason + ", found " + l.reason());
            }
        }
        int missing = 0;
        for (Map.Entry<String, CommerceReason> e : want.entrySet()) {
            if (!seen.contains(e.getKey())) {
                missing++;
                m.add(topic + " value " + e.getKey() + ": missing (expected reason " + e.getValue() + ")");
            }
        }
        return new Count(topic, want.size(), matched, differing, missing, unexpected);
    }

    /** The first mismatches in full, the rest counted. */
    private static final class Mismatches {
        final List<String> list = new ArrayList<>();
        int total;

        void add(String mismatch) {
            total++;
            if (list.size() < VerifyOptions.MAX_MISMATCHES) {
                list.add(mismatch);
            }
        }
    }
}
