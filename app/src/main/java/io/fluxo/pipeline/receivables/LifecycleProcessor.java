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

    private List<OutputRow> lifecycle(String idRecebivel, List<EventRow> input, long batchTime) {
        Lifecycle lifecycle = lifecycleState.exists() ? read(lifecycleState.get()) : Lifecycle.empty();
        List<OutputRow> out = new ArrayList<>(input.size() + 1);
        boolean changed = false;
        for (EventRow row : input) {
            ReceivableEvent event = row.toEvent();
            if (lifecycle.contains(event)) {
                continue;
            }
            lifecycle = lifecycle.with(event);
            changed = true;
            out.add(new OutputRow(OutputRow.HISTORY, idRecebivel, event.sortKey(), HistoryItem.toJson(event), batchTime, null));
        }
        if (changed) {
            lifecycleState.update(write(lifecycle));
        }
        long windowStart = batchTime - Math.floorMod(batchTime, windowMs);
        String document = LifecycleDocument.toJson(
                LifecycleDocument.of(idRecebivel, lifecycle, windowStart, windowStart + windowMs, batchTime));
        out.add(new OutputRow(OutputRow.DOCUMENT, idRecebivel, null, document, batchTime, lifecycle.situacao().name()));
        return out;
    }

    static Lifecycle read(String json) {
        try {
            return STATE_MAPPER.readValue(json, Lifecycle.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot read lifecycle state: " + e.getOriginalMessage(), e);
        }
    }

    static String write(Lifecycle lifecycle) {
        try {
            return STATE_MAPPER.writeValueAsString(lifecycle);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
