package io.fluxo.bench;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * What one pipeline brings to the bench (DESIGN §8): only what is its own. The runner ({@link BenchRunner})
 * does the rest, the same for every pipeline: pre-load, raw Kafka consume, warm-up, the --available-now
 * variants, freshness, report, cleanup. A plan knows its pipeline; the runner knows none.
 */
public interface BenchPlan {

    String pipeline();

    /** Its own command-line options, e.g. --users; given to the run in {@link BenchOptions#flag}. */
    List<Flag> flags();

    /** Why a flag of another pipeline's bench does not apply here; null when there is nothing to add. */
    default String flagNote(String flag) {
        return null;
    }

    /** The window when --window is not given. */
    Duration defaultWindow(FluxoConfig config);

    /** The default window in words for --help, e.g. "15s for receivables". */
    String windowHelp();

    Nouns nouns();

    /** The sinks setting of the warm-up and the freshness run, and how the progress lines call it. */
    Sinks allSinks();

    /**
     * The --available-now runs, in order: sinks none first, each next one adding one sink; the last one is
     * the end-to-end run.
     */
    List<Variant> variants();

    /** Measured passes of the variants, alternating; with more than one the fastest of each is kept. */
    int passes();

    /** The generator seed of the measured freshness events. */
    long freshnessSeed(long seed);

    /**
     * Running totals of the pipeline a run reports in its details (their growth during the run): detail key to
     * the name of the counter in {@link io.fluxo.pipeline.PipelineMetrics}.
     */
    Map<String, String> counters();

    /** What a variant run wrote, for its progress line, e.g. "20,000 history items, 12,413 documents". */
    String written(FluxoConfig config, Map<String, Long> details);

    /** The time each sink needs for {@code events} of the end-to-end run's work at its own raw rate. */
    List<Bottleneck.Part> sinkParts(Map<String, Measurement> byKey, long events);

    /** The goals of the issue, checked against the run's rows. */
    List<Target> targets(Map<String, Measurement> byKey, Freshness freshness, Duration window);

    /** One run's own resources and steps; nothing is created before the runner asks. */
    Run open(Context context);

    /** What a run of the plan does with its pipeline and its sinks. */
    interface Run {
        /** Its names for the start and end lines, e.g. "topics bench-x*, databases bench_x* at ...". */
        Resources resources();

        /** Overrides (full key paths) that point the pipeline at the run's input and output; checkpoints apart. */
        Map<String, String> overrides(Route route);

        /** Checks its servers (one line when one does not answer) and tells what they are. */
        MachineInfo.Facts probe(FluxoConfig base);

        /** Before the first step, e.g. a database with the pipeline's schema and reference data. */
        default void setUp() {
        }

        /** Where the pipeline reads and how a plain consumer reads the same records. */
        Input input(FluxoConfig config);

        ProduceSummary produce(FluxoConfig config, long count, long seed, double eventsPerSecond,
                ProgressListener progress);

        /** Each sink's raw ingest rate with plain clients, no Spark; each timed by {@code meter}. */
        SinkRates sinkRates(Meter meter);

        /** Prepares what the run writes to (outside the clock) and returns how to start its query. */
        Job prepare(FluxoConfig config);

        /** Before a variant run, e.g. empty the tables it inserts into. */
        default void beforeVariant(FluxoConfig config) {
        }

        /** After a variant run: checks of what the sinks hold, as more details. */
        default Map<String, Long> afterVariant(FluxoConfig config, int restarts) {
            return Map.of();
        }

        /**
         * Watches what the continuous run's sink shows, polling {@code every}; created before its query starts.
         *
         * @param queryStartMillis just before the query starts: what the sink held before belongs to other runs
         */
        FreshnessProbe freshnessProbe(FluxoConfig config, Duration every, long queryStartMillis);

        /** Every topic the run may have created. */
        List<String> topics();

        /** Deletes its own tables, indices or databases; a problem is added, never thrown. */
        void cleanup(FluxoConfig base, List<String> problems);
    }

    /** What the runner gives a run. */
    record Context(BenchNames names, BenchOptions options, FluxoConfig configured, Configs configs, PrintWriter out) {
        public Context {
            requireNonNull(names, "names");
            requireNonNull(options, "options");
            requireNonNull(configured, "configured");
            requireNonNull(configs, "configs");
            requireNonNull(out, "out");
        }
    }

    /** The configuration of one pipeline run of the bench, its checkpoints under the run's directory. */
    @FunctionalInterface
    interface Configs {
        FluxoConfig config(Route route, String checkpoint);
    }

    /**
     * @param input the topic set ({@link BenchNames#LOAD}, {@link BenchNames#WARMUP}, {@link BenchNames#FRESH})
     * @param output the plan's name of the sink tables, indices or topics the run writes
     */
    record Route(String input, String output, String sinks, Duration window) {
        public Route {
            requireNonNull(input, "input");
            requireNonNull(output, "output");
            requireNonNull(sinks, "sinks");
            requireNonNull(window, "window");
        }
    }

    /**
     * How to start a run's queries: one for most pipelines; the medallion's bronze, silver and gold, which a
     * --available-now run drains one after the other (each to its end before the next starts) and a continuous run
     * starts together.
     */
    record Job(List<Stage> stages) {
        public Job {
            stages = List.copyOf(stages);
            if (stages.isEmpty()) {
                throw new IllegalArgumentException("A job needs a query");
            }
        }

        /** A job of one query. */
        public static Job of(String name, Starter start) {
            return new Job(List.of(new Stage(name, start)));
        }
    }

    /** @param name how the details call its times, e.g. "bronze" */
    record Stage(String name, Starter start) {
        public Stage {
            requireNonNull(name, "name");
            requireNonNull(start, "start");
        }
    }

    @FunctionalInterface
    interface Starter {
        StreamingQuery start(SparkSession spark, boolean availableNow);
    }

    /**
     * Rows the table shows after the variants, made from their measurements: e.g. the medallion's time in each layer
     * of its end-to-end run. None by default.
     */
    default List<Measurement> derived(Map<String, Measurement> byKey) {
        return List.of();
    }

    /**
     * Times one raw sink measurement: {@code work} runs once as a warm-up, then several measured rounds (best and
     * median reported, the heap's peak and CPU of the best); each call must do the same work again.
     */
    @FunctionalInterface
    interface Meter {
        /** How many times {@link #measure} runs {@code work}: the warm-up and the measured rounds. */
        int RUNS = 1 + BenchRunner.RAW_ROUNDS;

        Measurement measure(String key, String name, long count, String unit, Supplier<Duration> work);
    }

    /** @param line the step's progress line; @param warnings cleanup problems to show under it */
    record SinkRates(List<Measurement> measurements, String line, List<String> warnings) {
        public SinkRates {
            measurements = List.copyOf(measurements);
            requireNonNull(line, "line");
            warnings = List.copyOf(warnings);
        }
    }

    /** @param description how the pre-load line names the topics, e.g. "bench-x.{agendados,cancelados}" */
    record Input(List<String> topics, Map<String, Object> consumerProperties, String description) {
        public Input {
            topics = List.copyOf(topics);
            consumerProperties = Map.copyOf(consumerProperties);
            requireNonNull(description, "description");
        }

        /**
         * One topic, read by a plain consumer that does not wait at the broker. With one broker a consumer has one
         * fetch in flight: once some partitions are read to their end, a fetch for those alone waits
         * fetch.max.wait.ms (500 ms by default) for data that never comes, and holds back the fetches of the
         * partitions that still have records. A plain consumer reading a backlog would not wait.
         */
        public static Input unwaited(String topic, io.fluxo.config.FluxoConfig config) {
            Map<String, Object> props = new java.util.HashMap<>(config.kafka().clientProperties());
            props.put("fetch.max.wait.ms", 10);
            return new Input(List.of(topic), props, topic);
        }
    }

    /** @param names e.g. "topics bench-x*, tables T-bench-x*"; @param kinds e.g. "topics, tables" */
    record Resources(String names, String kinds) {
    }

    /** @param setting as in the pipeline's sinks key; @param words as the warm-up line says it, e.g. "both sinks" */
    record Sinks(String setting, String words) {
    }

    /**
     * How the report and the progress lines name what the bench counts.
     *
     * @param events what is produced, e.g. "events" or "transactions"
     * @param expected what must become visible, as the freshness line counts it, e.g. "receivables" or "rows"
     * @param expectedKey the JSON name of their number, e.g. "receivables" or "transactions"
     * @param item one visible thing in the sink, e.g. "document" or "row"
     */
    record Nouns(String events, String expected, String expectedKey, String item) {
    }

    /**
     * One --available-now run of the pipeline.
     *
     * @param output the plan's name of what it writes (see {@link Route#output}); with several passes each pass
     *     has its own, "-" and the pass number appended, as has its checkpoint
     * @param adds the sink this run adds to the one before, e.g. "OpenSearch"; null for the first
     * @param ratios besides the raw Kafka rate, the raw rates it is compared with
     */
    record Variant(String key, String label, String sinks, String output, String checkpoint, String adds,
            List<Reference> ratios) {
        public Variant {
            requireNonNull(key, "key");
            requireNonNull(label, "label");
            requireNonNull(sinks, "sinks");
            requireNonNull(output, "output");
            requireNonNull(checkpoint, "checkpoint");
            ratios = List.copyOf(ratios);
        }
    }

    /**
     * A raw rate a run is compared with.
     *
     * @param key the ratio's JSON name; @param label the table's name; @param measurement the reference row's key
     * @param words how the progress line names it, e.g. "raw Kafka"
     */
    record Reference(String key, String label, String measurement, String words) {
    }

    /**
     * A command-line option of one plan: an integer, checked against its range.
     *
     * @param key its JSON name in the report's options
     * @param shownAs the table header shows ", N shownAs" when set, e.g. "users"; null: not shown
     */
    record Flag(String name, String label, String description, String key, int defaultValue, int min, int max,
            String shownAs) {
        public Flag {
            requireNonNull(name, "name");
            requireNonNull(label, "label");
            requireNonNull(description, "description");
            requireNonNull(key, "key");
        }

        /** @throws UserException "Invalid --users: 1 (must be between 2 and 999999)" */
        public void check(long value) {
            if (value < min || value > max) {
                throw new UserException("Invalid " + name + ": " + value + " (must be "
                        + (max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max) + ")");
            }
        }
    }
}
