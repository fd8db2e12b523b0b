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
 *
 * <p>The phases apart: the first batch with input pays for opening state stores, Kafka consumers and
 * whole-stage code generation; the batches after it ({@code steady...}) are what a running pipeline costs.
 */
record BatchTimes(int batches, long inputRows, long triggerMillis, long maxTriggerMillis, long addBatchMillis,
        long maxAddBatchMillis, long firstRows, long firstTriggerMillis, int steadyBatches, long steadyRows,
        long steadyTriggerMillis, long medianSteadyTriggerMillis, List<Long> steadyBatchMillis) {

    BatchTimes {
        steadyBatchMillis = List.copyOf(steadyBatchMillis);
    }

    record Batch(long inputRows, long triggerMillis, long addBatchMillis) {
    }

    static BatchTimes of(List<Batch> batches) {
        long rows = 0;
        long trigger = 0;
        long maxTrigger = 0;
        long add = 0;
        long maxAdd = 0;
        List<Long> steady = new java.util.ArrayList<>();
        long steadyRows = 0;
        long steadyMillis = 0;
        for (Batch b : batches) {
            if (b != batches.get(0)) {
                steady.add(b.triggerMillis());
                steadyRows += b.inputRows();
                steadyMillis += b.triggerMillis();
            }
            rows += b.inputRows();
            trigger += b.triggerMillis();
            maxTrigger = Math.max(maxTrigger, b.triggerMillis());
            add += b.addBatchMillis();
            maxAdd = Math.max(maxAdd, b.addBatchMillis());
        }
        Batch first = batches.isEmpty() ? new Batch(0, 0, 0) : batches.get(0);
        return new BatchTimes(batches.size(), rows, trigger, maxTrigger, add, maxAdd, first.inputRows(),
                first.triggerMillis(), steady.size(), steadyRows, steadyMillis, median(steady), steady);
    }

    /**
     * The times of queries that ran one after the other on the same events (the medallion's bronze, silver, gold):
     * batches and times summed, maxima the largest, the median over all their steady batches. The steady rate is the
     * chain's: {@code events} over the sum of each query's steady cost per row it read (its batches after the first;
     * all of them when it ran one), since in a running pipeline every event passes through each query once. No
     * steady rows when no query ran more than one batch. One query's times are returned as they are.
     */
    static BatchTimes chain(List<BatchTimes> stages, long events) {
        if (stages.size() == 1) {
            return stages.get(0);
        }
        int batches = 0;
        long trigger = 0;
        long maxTrigger = 0;
        long add = 0;
        long maxAdd = 0;
        long firstMillis = 0;
        int steadyBatches = 0;
        double nanosPerEvent = 0;
        List<Long> steady = new java.util.ArrayList<>();
        for (BatchTimes t : stages) {
            batches += t.batches();
            trigger += t.triggerMillis();
            maxTrigger = Math.max(maxTrigger, t.maxTriggerMillis());
            add += t.addBatchMillis();
            maxAdd = Math.max(maxAdd, t.maxAddBatchMillis());
            firstMillis += t.firstTriggerMillis();
            steadyBatches += t.steadyBatches();
            steady.addAll(t.steadyBatchMillis());
            if (t.steadyRows() > 0 && t.steadyTriggerMillis() > 0) {
                nanosPerEvent += t.steadyTriggerMillis() * 1e6 / t.steadyRows();
            } else if (t.inputRows() > 0) {
                nanosPerEvent += t.triggerMillis() * 1e6 / t.inputRows();
            }
        }
        long rows = stages.isEmpty() ? 0 : stages.get(0).inputRows();
        long firstRows = stages.isEmpty() ? 0 : stages.get(0).firstRows();
        boolean anySteady = steadyBatches > 0 && nanosPerEvent > 0;
        return new BatchTimes(batches, rows, trigger, maxTrigger, add, maxAdd, firstRows, firstMillis, steadyBatches,
                anySteady ? events : 0, anySteady ? Math.round(events * nanosPerEvent / 1e6) : 0, median(steady), steady);
    }

    /** One query of a chain in the details under its name: its wall time, rows read, batches and steady times. */
    Map<String, Long> stageDetails(String name, long wallMillis) {
        Map<String, Long> d = new LinkedHashMap<>();
        d.put(name + ".ms", wallMillis);
        d.put(name + ".rows", inputRows);
        d.put(name + ".batches", (long) batches);
        d.put(name + ".trigger_ms", triggerMillis);
        d.put(name + ".steady_rows", steadyRows);
        d.put(name + ".steady_ms", steadyTriggerMillis);
        return d;
    }

    /** The lower median (an observed value); 0 for none. */
    static long median(List<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
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
        d.put("first_batch_rows", firstRows);
        d.put("first_batch_ms", firstTriggerMillis);
        d.put("steady_batches", (long) steadyBatches);
        d.put("steady_rows", steadyRows);
        d.put("steady_ms", steadyTriggerMillis);
        d.put("steady_batch_ms_median", medianSteadyTriggerMillis);
        return d;
    }
}
