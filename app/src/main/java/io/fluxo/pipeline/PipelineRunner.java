package io.fluxo.pipeline;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.sink.SinkException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/** Waits for a streaming query, prints a status line now and then, and turns sink failures into one line. */
public final class PipelineRunner {
    private PipelineRunner() {
    }

    /** How often a query is started again after SPARK-55271 before the failure is reported. */
    static final int KNOWN_BUG_RESTARTS = 3;

    /**
     * Starts a query and waits for it, like {@link #await}, starting it again from its checkpoint when it
     * died of SPARK-55271: in Spark 4.1 the Kafka source throws a NullPointerException while reporting
     * progress for the batch it replays after a restart. The batch has been written and committed by then,
     * so starting again continues where it stopped. Remove once Spark ships the fix.
     */
    public static void run(Supplier<StreamingQuery> start, Pipeline pipeline, Duration statusEvery, PrintStream out) {
        for (int restarts = 0; ; restarts++) {
            StreamingQuery query = start.get();
            try {
                await(query, pipeline, statusEvery, out);
                return;
            } catch (KnownSparkBug e) {
                if (restarts == KNOWN_BUG_RESTARTS) {
                    throw failure(pipeline.name(), e.cause);
                }
                out.println("[" + pipeline.name() + "] restarting from the checkpoint after SPARK-55271 (Kafka source metrics after a replayed batch)");
            }
        }
    }

    /**
     * Runs every query of a pipeline ({@link Pipeline#queries}). availableNow: one after the other, each drained
     * before the next starts, so the last one sees everything the first read. Continuous: all at once, until one
     * stops; then the others are stopped and its failure is reported.
     */
    public static void runAll(Pipeline pipeline, SparkSession spark, FluxoConfig config, boolean availableNow,
            Duration statusEvery, PrintStream out) {
        List<Pipeline.Query> queries = pipeline.queries();
        if (queries.size() == 1 || availableNow) {
            for (Pipeline.Query q : queries) {
                if (queries.size() > 1) {
                    out.println("[" + pipeline.name() + "] " + q.name() + ": draining what it can read now");
                }
                run(() -> q.start().start(spark, config, availableNow), pipeline, statusEvery, out);
            }
            return;
        }
        List<StreamingQuery> running = new ArrayList<>();
        Thread stopper = stopOnExit(pipeline, () -> running.forEach(PipelineRunner::stop));
        try {
            for (Pipeline.Query q : queries) {
                running.add(q.start().start(spark, config, false));
            }
            while (running.stream().allMatch(StreamingQuery::isActive)) {
                try {
                    spark.streams().awaitAnyTermination(statusEvery.toMillis());
                } catch (StreamingQueryException e) {
                    throw failure(pipeline.name(), e);
                }
                out.println(statusLine(pipeline, running));
            }
            for (StreamingQuery q : running) {
                if (q.exception().isDefined()) {
                    throw failure(pipeline.name(), q.exception().get());
                }
            }
        } finally {
            running.forEach(PipelineRunner::stop);
            removeStopOnExit(stopper);
        }
    }

    /** A shutdown hook that stops the pipeline's queries when the JVM exits (Ctrl-C), registered now. */
    private static Thread stopOnExit(Pipeline pipeline, Runnable stop) {
        Thread stopper = new Thread(stop, "fluxo-stop-" + pipeline.name());
        Runtime.getRuntime().addShutdownHook(stopper);
        return stopper;
    }

    /** Removes the hook of {@link #stopOnExit} once the queries ended by themselves. */
    private static void removeStopOnExit(Thread stopper) {
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: the JVM is stopping the queries itself
        }
    }

    public static void await(StreamingQuery query, Pipeline pipeline, Duration statusEvery, PrintStream out) {
        Thread stopper = stopOnExit(pipeline, () -> stop(query));
        try {
            while (!query.awaitTermination(statusEvery.toMillis())) {
                out.println(statusLine(pipeline, query));
            }
            out.println(statusLine(pipeline, query));
        } catch (StreamingQueryException e) {
            if (isSpark55271(e)) {
                throw new KnownSparkBug(e);
            }
            throw failure(pipeline.name(), e);
        } finally {
            removeStopOnExit(stopper);
        }
    }

    /**
     * "[name] batches 7 | events in (recent) 2508 at 55/s | history 2508 | ... | last batch 4715 ms": the figures
     * every pipeline has, with the pipeline's own counters in between.
     */
    public static String statusLine(Pipeline pipeline, StreamingQuery query) {
        PipelineMetrics metrics = PipelineMetrics.of(pipeline.name());
        StringBuilder line = new StringBuilder(160);
        line.append('[').append(pipeline.name()).append("] batches ").append(metrics.batches())
                .append(" | events in (recent) ").append(input(query));
        for (Pipeline.StatusField f : pipeline.statusFields()) {
            line.append(" | ").append(f.label()).append(' ').append(metrics.get(f.counter()));
        }
        long lost = metrics.get(PipelineMetrics.DATA_LOST_RECORDS);
        if (lost > 0) {
            // only once there is something to say: see fluxo audit <pipeline>
            line.append(" | data lost ").append(lost);
        }
        return line.append(" | last batch ").append(metrics.lastBatchMillis()).append(" ms").toString();
    }

    /**
     * The pipeline's status line, then, for more than one query, each query's input: "… | bronze 1200 at 300/s,
     * silver 1100 at 280/s".
     */
    public static String statusLine(Pipeline pipeline, List<StreamingQuery> queries) {
        if (queries.size() == 1) {
            return statusLine(pipeline, queries.get(0));
        }
        StringBuilder line = new StringBuilder(statusLine(pipeline, queries.get(queries.size() - 1)));
        String sep = " | ";
        for (StreamingQuery q : queries) {
            line.append(sep).append(q.name()).append(' ').append(input(q));
            sep = ", ";
        }
        return line.toString();
    }

    /** "2508 at 55/s": the rows of the query's recent batches, and the last batch's processing rate. */
    private static String input(StreamingQuery query) {
        long in = 0;
        for (StreamingQueryProgress p : query.recentProgress()) {
            in += p.numInputRows();
        }
        StreamingQueryProgress last = query.lastProgress();
        return in + " at " + (last == null ? "-" : String.format(Locale.ROOT, "%.0f/s", last.processedRowsPerSecond()));
    }

    public static void stop(StreamingQuery query) {
        try {
            query.stop();
        } catch (TimeoutException e) {
            // the query thread did not stop in time; the JVM exits anyway and the checkpoint stays consistent
        }
    }

    /** Whether a query died of SPARK-55271 (see {@link #run}): its batch is committed, starting it again goes on. */
    public static boolean isSpark55271(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NullPointerException) {
                for (StackTraceElement frame : t.getStackTrace()) {
                    if (frame.getClassName().startsWith("org.apache.spark.sql.kafka010.KafkaMicroBatchStream")
                            && frame.getMethodName().equals("metrics")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static final class KnownSparkBug extends RuntimeException {
        final StreamingQueryException cause;

        KnownSparkBug(StreamingQueryException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    /** A query that died because of a sink or a server is a one-line error; anything else is a bug and keeps its trace. */
    public static RuntimeException failure(String pipeline, StreamingQueryException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SinkException || t instanceof UserException) {
                return new UserException("Pipeline " + pipeline + " stopped: " + t.getMessage()
                        + ". Fix the server and run it again: it resumes from its checkpoint", e);
            }
        }
        return new IllegalStateException("Pipeline " + pipeline + " failed: " + e.getMessage(), e);
    }
}
