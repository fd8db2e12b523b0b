package io.fluxo.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Running totals of one pipeline in this process, by name, for the status line, the bench and the logs. Every
 * counter has one meaning, named by the pipeline that owns it (e.g. {@code history_items}, {@code fraud_alerts}).
 */
public final class PipelineMetrics {
    public static final String DEAD_LETTERS = "dead_letters";
    /** Offsets Kafka deleted before the pipeline read them (the data-loss audit, {@code io.fluxo.kafka.DataLossAudit}). */
    public static final String DATA_LOST_RECORDS = "data_lost_records";
    private static final Map<String, PipelineMetrics> BY_PIPELINE = new ConcurrentHashMap<>();

    private final String pipeline;
    private final Map<String, AtomicLong> counters = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong lastBatchMillis = new AtomicLong();

    private PipelineMetrics(String pipeline) {
        this.pipeline = pipeline;
    }

    public static PipelineMetrics of(String pipeline) {
        return BY_PIPELINE.computeIfAbsent(pipeline, PipelineMetrics::new);
    }

    public String pipeline() {
        return pipeline;
    }

    /** Adds to a counter, creating it at 0 first. */
    public void add(String counter, long delta) {
        counters.computeIfAbsent(counter, c -> new AtomicLong()).addAndGet(delta);
    }

    /** A counter's value; 0 for one never added to. */
    public long get(String counter) {
        AtomicLong value = counters.get(counter);
        return value == null ? 0 : value.get();
    }

    /** Counts one written micro-batch and how long writing it took. */
    public void batchWritten(long millis) {
        batches.incrementAndGet();
        lastBatchMillis.set(millis);
    }

    public long batches() {
        return batches.get();
    }

    public long lastBatchMillis() {
        return lastBatchMillis.get();
    }

    /** Every counter's value now, in the order they were first added to. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new LinkedHashMap<>();
        synchronized (counters) {
            counters.forEach((k, v) -> copy.put(k, v.get()));
        }
        return copy;
    }
}
