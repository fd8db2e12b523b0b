package io.fluxo.bench;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Where a query's time went, from Spark's own progress reports: the whole trigger, and addBatch, the
 * foreachBatch call — which is nearly all of it, because the Kafka read, parsing and the stateful step
 * are computed lazily inside it, together with the sinks. Wall time minus trigger time is query start and stop.
 */
record BatchTimes(int batches, long inputRows, long triggerMillis, long maxTriggerMillis, long addBatchMillis,
        long maxAddBatchMillis) {

    record Batch(long inputRows, long triggerMillis, long addBatchMillis) {
    }

    static BatchTimes of(List<Batch> batches) {
        long rows = 0;
        long trigger = 0;
        long maxTrigger = 0;
        long add = 0;
        long maxAdd = 0;
        for (Batch b : batches) {
            rows += b.inputRows();
            trigger += b.triggerMillis();
            maxTrigger = Math.max(maxTrigger, b.triggerMillis());
            add += b.addBatchMillis();
            maxAdd = Math.max(maxAdd, b.addBatchMillis());
        }
        return new BatchTimes(batches.size(), rows, trigger, maxTrigger, add, maxAdd);
    }

    /** The batches with input that started at or after {@code from} (null: all). */
    static BatchTimes of(StreamingQueryProgress[] progress, Instant from) {
        List<Batch> batches = new java.util.ArrayList<>();
        for (StreamingQueryProgress p : progress) {
            if (p.numInputRows() == 0 || (from != null && Instant.parse(p.timestamp()).isBefore(from))) {
                continue;
            }
            Map<String, Long> d = p.durationMs();
            batches.add(new Batch(p.numInputRows(), d.getOrDefault("triggerExecution", 0L), d.getOrDefault("addBatch", 0L)));
        }
        return of(batches);
    }

    Map<String, Long> details() {
        Map<String, Long> d = new LinkedHashMap<>();
        d.put("spark_batches", (long) batches);
        d.put("spark_trigger_ms", triggerMillis);
        d.put("spark_trigger_ms_max", maxTriggerMillis);
        d.put("spark_add_batch_ms", addBatchMillis);
        d.put("spark_add_batch_ms_max", maxAddBatchMillis);
        return d;
    }
}
