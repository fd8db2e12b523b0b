package io.fluxo.pipeline.commerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxo.bench.BenchDatabases;
import io.fluxo.bench.FreshnessProbe;
import io.fluxo.bench.KafkaSendTimes;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.sink.postgres.PostgresSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Watches {@code commerce_product_windows} while the pipeline writes it and records when each sent event's count
 * could first be read there: what a user querying the product windows sees.
 *
 * <p>An event leaves no row of its own: it adds 1 to page_views, add_to_carts or purchases of its product's
 * {@code tumbling_1m} row of the minute of its event time, in the batch that reads it. So each poll reads, per
 * tumbling window, the sum of page_views + add_to_carts + purchases over its products: the number of the window's
 * events visible so far. That number only grows (rows take increments, fenced, never twice), and the table holds
 * this run's events only (the plan empties it before the freshness query starts; bench traffic has nothing late or
 * invalid, so every event counts in exactly one tumbling window). Afterwards the input topic is read back: each
 * record's send time (its Kafka timestamp) and its window (from the payload's event time). Within a window the events
 * are ranked by send time, and the k-th sent is taken to be visible from the first poll at which the window counted
 * k or more: freshness is that moment minus its send time.
 *
 * <p>Limits. Events are told apart by rank within their window, not by identity. That is exact when every commit
 * makes the earliest-sent events of the window visible first, which holds for this traffic: the generator sends each
 * production in event-time order, and a batch reads every partition up to offsets fixed when it starts, so a batch
 * holds what was sent before a moment. It is an approximation when a batch takes a partition less far than another
 * (maxOffsetsPerTrigger with a backlog), and for the instant in which one batch's window rows, split over Spark
 * partitions that each commit on their own, are partly visible: then the k-th visible is matched with the k-th sent.
 * The sum, and so the mean, of the latencies is exact whatever the order; single latencies can be exchanged between
 * events of one window. Matching sorted with sorted is the most even pairing, so the max (and the mean of any slowest
 * share) can then only come out shorter than the truth, never longer, while a single percentile such as p99 may move
 * either way within the spread of one window's latencies. First-seen is taken when the poll's answer arrived, so the poll interval and the query itself can only make
 * a measured freshness longer. A window the table counts more events in than were sent (another writer) is noted.
 */
final class CommerceFreshnessProbe extends FreshnessProbe {
    /** Visible events per tumbling window. */
    static final String QUERY = "select window_start, sum(page_views + add_to_carts + purchases)"
            + " from commerce_product_windows where kind = 'tumbling_1m' group by window_start";
    /** The watermark the run used, in the freshness row's details (the freshness goal includes it). */
    static final String WATERMARK_DETAIL = "watermark_ms";
    /** Reading the send times back from Kafka takes at most this long. */
    static final Duration SEND_TIMES_MAX = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** From {@code seenMillis} on, the window counted {@code count} events. */
    record Step(long count, long seenMillis) {
    }

    /**
     * @param expected the measured events; @param millis how long after its send each one that appeared appeared
     * @param windows the tumbling windows the measured events fall in
     * @param overCounted windows that counted more events than were sent to them
     */
    record Latencies(long expected, List<Long> millis, long windows, long overCounted) {
        Latencies {
            millis = List.copyOf(millis);
        }

        long missing() {
            return Math.max(0, expected - millis.size());
        }
    }

    private final PostgresSettings settings;
    private final String database;
    private final String topic;
    private final Map<String, Object> kafkaProperties;
    private final Duration watermark;
    /** Per window start, each rise of its count and when it was first seen; written by the probe's thread. */
    private final Map<Long, List<Step>> growth = new HashMap<>();
    private Connection connection;

    /**
     * @param settings the bench database
     * @param kafkaProperties to read the send times and event times of the topic's records
     * @param watermark the pipeline's, for the report
     */
    CommerceFreshnessProbe(PostgresSettings settings, String database, String topic, Map<String, Object> kafkaProperties,
            Duration every, Duration watermark) {
        super(every);
        this.settings = settings;
        this.database = database;
        this.topic = topic;
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.watermark = watermark;
    }

    /** Every event sent so far counts in a window: the table holds this run's events only. */
    @Override
    public boolean allVisible(List<ProduceSummary> sent, Instant lastFrom) {
        return visible() >= sent.stream().mapToLong(ProduceSummary::total).sum();
    }

    @Override
    public Seen seen(ProduceSummary measured, Instant from) {
        KafkaSendTimes.Values sent = KafkaSendTimes.readValues(kafkaProperties, topic, SEND_TIMES_MAX);
        Map<Long, List<Long>> byWindow = new HashMap<>();
        long unreadable = 0;
        for (KafkaSendTimes.Sent s : sent.sent().values()) {
            Long start = windowStart(s.value());
            if (start == null) {
                unreadable++;
                continue;
            }
            byWindow.computeIfAbsent(start, k -> new ArrayList<>()).add(s.millis());
        }
        Latencies l = latencies(byWindow, growth(), from.toEpochMilli());
        List<String> notes = new ArrayList<>();
        if (sent.logAppendTime()) {
            notes.add(topic + " stamps records when the broker appends them (LogAppendTime), not when they are sent:"
                    + " freshness is measured from arrival in Kafka");
        }
        if (unreadable > 0) {
            notes.add(unreadable + " records of " + topic + " have no readable event time and are not measured");
        }
        if (l.overCounted() > 0) {
            notes.add(l.overCounted() + " tumbling windows counted more events than were sent to them: another writer"
                    + " of commerce_product_windows in " + database + "?");
        }
        Map<String, Long> details = new LinkedHashMap<>();
        details.put(WATERMARK_DETAIL, watermark.toMillis());
        details.put("tumbling_windows", l.windows());
        details.put("send_time_log_append", sent.logAppendTime() ? 1L : 0L);
        return new Seen(l.expected(), l.millis(), details, notes);
    }

    @Override
    public String warmupMissing() {
        return "the warm-up events did not appear in commerce_product_windows of " + database;
    }

    @Override
    public UserException unreadable(Exception last) {
        return new UserException("Cannot read commerce_product_windows at " + settings.url() + ": "
                + (last == null ? "no answer" : BenchDatabases.firstLine(last)), last);
    }

    @Override
    protected void poll() throws SQLException {
        if (connection == null) {
            connection = BenchDatabases.connect(settings, "fluxo-bench-probe");
        }
        try (PreparedStatement p = connection.prepareStatement(QUERY); ResultSet r = p.executeQuery()) {
            long now = System.currentTimeMillis();
            while (r.next()) {
                record(r.getObject(1, java.time.OffsetDateTime.class).toInstant().toEpochMilli(), r.getLong(2), now);
            }
        }
    }

    /** The window counted {@code count} events at {@code seenMillis}; kept when it is more than before. */
    synchronized void record(long windowStart, long count, long seenMillis) {
        List<Step> steps = growth.computeIfAbsent(windowStart, k -> new ArrayList<>());
        if (steps.isEmpty() || count > steps.get(steps.size() - 1).count()) {
            steps.add(new Step(count, seenMillis));
        }
    }

    /** Events the windows count, at the last poll. */
    synchronized long visible() {
        return growth.values().stream().mapToLong(s -> s.get(s.size() - 1).count()).sum();
    }

    synchronized Map<Long, List<Step>> growth() {
        Map<Long, List<Step>> copy = new TreeMap<>();
        growth.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    /** The start of the 1-minute window of the payload's event time; null when it has none. */
    static Long windowStart(byte[] payload) {
        try {
            JsonNode time = JSON.readTree(payload).path("timestamp");
            if (!time.isTextual()) {
                return null;
            }
            return WindowKind.TUMBLING_1M.starts(Instant.parse(time.asText()).toEpochMilli()).get(0);
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Freshness of the events sent at or after {@code fromMillis}: in each window its events ranked by send time,
     * the k-th seen at the first step that counted k or more, minus its send time; an event whose rank was never
     * counted is missing. Earlier events (the warm-up) take their ranks but are left out.
     *
     * @param sentByWindow per window start, the send times of its events (any order)
     * @param growth per window start, its count's rises, in the order seen
     */
    static Latencies latencies(Map<Long, List<Long>> sentByWindow, Map<Long, List<Step>> growth, long fromMillis) {
        long expected = 0;
        long windows = 0;
        long over = 0;
        List<Long> millis = new ArrayList<>();
        for (Map.Entry<Long, List<Long>> w : sentByWindow.entrySet()) {
            List<Long> sent = w.getValue().stream().sorted().toList();
            List<Step> steps = growth.getOrDefault(w.getKey(), List.of());
            if (!steps.isEmpty() && steps.get(steps.size() - 1).count() > sent.size()) {
                over++;
            }
            boolean measured = false;
            int step = 0;
            for (int rank = 1; rank <= sent.size(); rank++) {
                while (step < steps.size() && steps.get(step).count() < rank) {
                    step++;
                }
                long sentAt = sent.get(rank - 1);
                if (sentAt < fromMillis) {
                    continue;
                }
                measured = true;
                expected++;
                if (step < steps.size()) {
                    millis.add(steps.get(step).seenMillis() - sentAt);
                }
            }
            if (measured) {
                windows++;
            }
        }
        return new Latencies(expected, millis, windows, over);
    }

    /** A broken or finished connection is closed; the next poll opens a new one. */
    @Override
    protected void reset() {
        connection = BenchDatabases.closeQuietly(connection);
    }
}
