package io.fluxo.pipeline.commerce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxo.dlq.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.ExpiredTimerInfo;
import org.apache.spark.sql.streaming.MapState;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.streaming.ValueState;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The commerce pipeline's stateful step, per user, in event time (DESIGN §1.4). The watermark in force for a batch is
 * Spark's: the newest event time of the earlier batches minus {@code commerce.watermark}. Spark's own filter of late
 * rows does not apply here (the event time reaches this step in a column without the watermark's mark), so every
 * event comes in and is judged once: one before the watermark is LATE and goes nowhere else; every other one is
 * ON_TIME and joins its user's sessions (held in state). A session is written (SESSION) when the watermark reaches
 * its end, from an event-time timer at that end. Dead letters pass through. Every row carries the watermark.
 */
public final class CommerceProcessor extends StatefulProcessor<String, SalesInputRow, SalesOutputRow> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper STATE = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final TypeReference<List<Sessions.Session>> SESSIONS = new TypeReference<>() {
    };
    /** Within a batch, events in event time, ties in Kafka order: the same order on every attempt. */
    private static final Comparator<SalesInputRow> ORDER = Comparator
            .comparing((SalesInputRow r) -> r.getEventTime() == null ? 0L : r.getEventTime().getTime())
            .thenComparing(SalesInputRow::getTopic).thenComparingInt(SalesInputRow::getPartition)
            .thenComparingLong(SalesInputRow::getOffset);

    private final long gapMillis;
    private final int maxRawBytes;
    private transient ValueState<String> sessions;
    /** The event ids of the user's on-time events not yet behind the watermark, with their event times. */
    private transient MapState<String, Long> ids;

    public CommerceProcessor(long gapMillis, int maxRawBytes) {
        if (gapMillis < 1) {
            throw new IllegalArgumentException("Invalid session gap: " + gapMillis + " ms (must be at least 1)");
        }
        this.gapMillis = gapMillis;
        this.maxRawBytes = maxRawBytes;
    }

    @Override
    public void init(OutputMode outputMode, TimeMode timeMode) {
        sessions = getHandle().getValueState("sessions", Encoders.STRING(), TTLConfig.NONE());
        ids = getHandle().getMapState("event_ids", Encoders.STRING(), Encoders.LONG(), TTLConfig.NONE());
    }

    @Override
    public Iterator<SalesOutputRow> handleInputRows(String key, Iterator<SalesInputRow> rows, TimerValues timerValues) {
        long watermark = timerValues.getCurrentWatermarkInMs();
        List<SalesInputRow> input = new ArrayList<>();
        rows.foreach(input::add);
        input.sort(ORDER);
        List<SalesOutputRow> out = new ArrayList<>(input.size());
        List<Sessions.Session> open = null;
        for (SalesInputRow row : input) {
            if (SalesInputRow.DEAD_LETTER.equals(row.getKind())) {
                out.add(SalesOutputRow.deadLetter(row, watermark));
                continue;
            }
            SalesEvent e = row.toEvent();
            if (e.eventTimeMillis() < watermark) {
                out.add(SalesOutputRow.event(SalesOutputRow.LATE, e, watermark));
                continue;
            }
            if (ids.containsKey(e.eventId())) {
                out.add(duplicate(row, e, watermark));
                continue;
            }
            ids.updateValue(e.eventId(), e.eventTimeMillis());
            out.add(SalesOutputRow.event(SalesOutputRow.ON_TIME, e, watermark));
            if (open == null) {
                open = read();
            }
            open = Sessions.add(open, e, gapMillis);
        }
        if (open != null) {
            settle(key, open, watermark, out);
        }
        return CollectionConverters.asScala(out.iterator());
    }

    @Override
    public Iterator<SalesOutputRow> handleExpiredTimer(String key, TimerValues timerValues, ExpiredTimerInfo info) {
        List<SalesOutputRow> out = new ArrayList<>();
        settle(key, read(), timerValues.getCurrentWatermarkInMs(), out);
        return CollectionConverters.asScala(out.iterator());
    }

    /**
     * A second copy of an event already counted: a dead letter, so that it is seen and counted nowhere else. Its
     * value is the event as parsed (the copy's fields equal the first's, or the id was reused).
     */
    private SalesOutputRow duplicate(SalesInputRow row, SalesEvent e, long watermark) {
        ObjectNode value = STATE.createObjectNode();
        value.put("event_id", e.eventId());
        value.put("user_id", e.userId());
        value.put("product_id", e.productId());
        value.put("event_type", e.type().wire());
        value.put("amount", e.amount());
        value.put("timestamp", java.time.Instant.ofEpochMilli(e.eventTimeMillis()).toString());
        DeadLetter letter = new DeadLetter(CommercePipelineNames.NAME, CommerceReason.DUPLICATE_EVENT.name(),
                "Duplicate event_id " + e.eventId() + " of user " + e.userId() + ": already counted; this copy is"
                        + " counted nowhere", e.topic(), e.partition(), e.offset(),
                e.userId().getBytes(StandardCharsets.UTF_8), value.toString().getBytes(StandardCharsets.UTF_8),
                row.getKafkaTimestamp(), watermark);
        SalesInputRow in = SalesInputRow.deadLetter(e.topic(), e.partition(), e.offset(), letter.sourceId(),
                letter.toJson(maxRawBytes));
        return SalesOutputRow.deadLetter(in, watermark);
    }

    /** Writes the sessions the watermark closed, keeps the others with one timer at each one's end. */
    private void settle(String user, List<Sessions.Session> all, long watermark, List<SalesOutputRow> out) {
        // A copy of an event behind the watermark is late whatever its id: its id need not be kept.
        List<String> behind = new ArrayList<>();
        scala.collection.Iterator<scala.Tuple2<String, Long>> kept = ids.iterator();
        while (kept.hasNext()) {
            scala.Tuple2<String, Long> id = kept.next();
            if (id._2() < watermark) {
                behind.add(id._1());
            }
        }
        behind.forEach(ids::removeKey);
        Sessions.Split split = Sessions.close(all, watermark, gapMillis);
        split.closed().forEach(s -> out.add(SalesOutputRow.session(user, s, gapMillis, watermark)));
        // Timers at or before the watermark have fired (Spark deletes them); the others are replaced.
        List<Long> timers = new ArrayList<>();
        getHandle().listTimers().foreach(t -> timers.add((Long) t));
        timers.stream().filter(t -> t > watermark).forEach(getHandle()::deleteTimer);
        if (split.open().isEmpty()) {
            sessions.clear();
            return;
        }
        split.open().forEach(s -> getHandle().registerTimer(s.end(gapMillis)));
        try {
            sessions.update(STATE.writeValueAsString(split.open()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Sessions.Session> read() {
        if (!sessions.exists()) {
            return List.of();
        }
        try {
            return STATE.readValue(sessions.get(), SESSIONS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot read the sessions kept in state: " + e.getOriginalMessage(), e);
        }
    }
}
