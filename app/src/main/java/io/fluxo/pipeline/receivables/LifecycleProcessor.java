package io.fluxo.pipeline.receivables;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxo.dlq.DeadLetter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.streaming.ValueState;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Keeps each receivable's lifecycle in Spark state (RocksDB) and, for every receivable a micro-batch
 * brought events for, emits the new history items and the updated lifecycle document. Times come from
 * the batch's processing time, which Spark records in the offset log, so a replayed batch emits exactly
 * what the first attempt emitted.
 */
public final class LifecycleProcessor extends StatefulProcessor<String, EventRow, OutputRow> {
    private static final ObjectMapper STATE_MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // 0.30 stays 0.30 through the JSON tree (the default factory would make it 0.3).
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Comparator<EventRow> KAFKA_ORDER = Comparator.comparing(EventRow::getTopic)
            .thenComparingInt(EventRow::getPartition).thenComparingLong(EventRow::getOffset);

    private final String pipeline;
    private final long windowMs;
    private final int maxRawBytes;
    private transient ValueState<String> lifecycleState;

    public LifecycleProcessor(String pipeline, long windowMs, int maxRawBytes) {
        this.pipeline = pipeline;
        this.windowMs = windowMs;
        this.maxRawBytes = maxRawBytes;
    }

    @Override
    public void init(OutputMode outputMode, TimeMode timeMode) {
        lifecycleState = getHandle().getValueState("lifecycle", Encoders.STRING(), TTLConfig.NONE());
    }

    @Override
    public Iterator<OutputRow> handleInputRows(String key, Iterator<EventRow> rows, TimerValues timerValues) {
        long batchTime = timerValues.getCurrentProcessingTimeInMs();
        List<EventRow> input = new ArrayList<>();
        rows.foreach(input::add);
        // Spark does not promise an order inside a group; Kafka order makes replays and "first one wins" stable.
        input.sort(KAFKA_ORDER);
        List<OutputRow> out = EventRow.REJECTED_GROUP.equals(key) ? deadLetters(input, batchTime) : lifecycle(key, input, batchTime);
        return CollectionConverters.asScala(out.iterator());
    }

    private List<OutputRow> deadLetters(List<EventRow> input, long batchTime) {
        List<OutputRow> out = new ArrayList<>(input.size());
        for (EventRow row : input) {
            DeadLetter letter = new DeadLetter(pipeline, row.getReason(), row.getError(), row.getTopic(), row.getPartition(),
                    row.getOffset(), row.getKey(), row.getValue(), row.getKafkaTimestamp(), batchTime);
            out.add(new OutputRow(OutputRow.DEAD_LETTER, letter.sourceId(), null, letter.toJson(maxRawBytes), batchTime, null));
        }
        return out;
    }

    /** What the state holds per receivable: its lifecycle, and the version of the last document written for it. */
    record Stored(Lifecycle lifecycle, long version) {
    }

    /**
     * The next document version: the batch's processing time (recorded in Spark's offset log, so a replay gets
     * the same), but always above the last version written, so versions only grow even when the clock steps back.
     */
    static long nextVersion(long lastVersion, long batchTime) {
        return Math.max(batchTime, lastVersion + 1);
    }

    private List<OutputRow> lifecycle(String idRecebivel, List<EventRow> input, long batchTime) {
        // get() is null when there is no state: one RocksDB read, where exists() and get() made two.
        String state = lifecycleState.get();
        Stored stored = state != null ? read(state) : new Stored(Lifecycle.empty(), 0);
        Lifecycle lifecycle = stored.lifecycle();
        List<OutputRow> out = new ArrayList<>(input.size() + 1);
        for (EventRow row : input) {
            ReceivableEvent event = row.toEvent();
            if (lifecycle.contains(event)) {
                continue;
            }
            lifecycle = lifecycle.with(event);
            out.add(new OutputRow(OutputRow.HISTORY, idRecebivel, event.sortKey(), HistoryItem.toJson(event), batchTime, null));
        }
        long version = nextVersion(stored.version(), batchTime);
        // Written on every document, changed or not: the next document's version must be above this one.
        lifecycleState.update(write(new Stored(lifecycle, version)));
        long windowStart = batchTime - Math.floorMod(batchTime, windowMs);
        String document = LifecycleDocument.toJson(
                LifecycleDocument.of(idRecebivel, lifecycle, windowStart, windowStart + windowMs, batchTime));
        out.add(new OutputRow(OutputRow.DOCUMENT, idRecebivel, null, document, version, lifecycle.situacao().name()));
        return out;
    }

    /** The state as written by {@link #write}, or a lifecycle alone as earlier versions wrote it (version 0). */
    static Stored read(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode tree = STATE_MAPPER.readTree(json);
            if (tree.has("lifecycle")) {
                return new Stored(STATE_MAPPER.treeToValue(tree.get("lifecycle"), Lifecycle.class),
                        tree.path("version").asLong(0));
            }
            return new Stored(STATE_MAPPER.treeToValue(tree, Lifecycle.class), 0);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot read lifecycle state: " + e.getOriginalMessage(), e);
        }
    }

    static String write(Stored stored) {
        try {
            return STATE_MAPPER.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
