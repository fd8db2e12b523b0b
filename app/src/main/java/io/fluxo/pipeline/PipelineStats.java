package io.fluxo.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Running totals of one pipeline in this process, for the demo's status line, the bench and the logs. */
public final class PipelineStats {
    private static final Map<String, PipelineStats> BY_PIPELINE = new ConcurrentHashMap<>();

    public final AtomicLong batches = new AtomicLong();
    public final AtomicLong historyItems = new AtomicLong();
    /** receivables: lifecycle documents; transactions: rows written to transacoes. */
    public final AtomicLong documents = new AtomicLong();
    public final AtomicLong deadLetters = new AtomicLong();
    /** receivables: INCONSISTENTE documents; transactions: fraud alerts. */
    public final AtomicLong inconsistent = new AtomicLong();
    public final AtomicLong lastBatchMillis = new AtomicLong();

    public static PipelineStats of(String pipeline) {
        return BY_PIPELINE.computeIfAbsent(pipeline, p -> new PipelineStats());
    }
}
