package io.fluxo.pipeline;

import io.fluxo.bench.BenchPlan;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.ConfigSource;
import io.fluxo.config.FluxoConfig;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * One pipeline as the platform sees it: its name and settings, how to prepare its outside systems and start its
 * streaming query, its generator and verifier as commands, its status line, its demo and its bench plan.
 * Everything else of a pipeline stays inside its own package {@code io.fluxo.pipeline.<name>}. Pipelines are
 * found by {@link java.util.ServiceLoader} through {@code META-INF/services/io.fluxo.pipeline.Pipeline}: that
 * file is the one place a pipeline is registered. An implementation has a public no-argument constructor and
 * keeps no state of a run.
 */
public interface Pipeline {
    /** Lower case, as in {@code fluxo run <name>}; also the name of its config section, query and checkpoint. */
    String name();

    /** One line for --help and the demo. */
    String description();

    /** The settings this pipeline reads, validated at start with all the others. */
    List<ConfigSection<?>> configSections();

    /** Creates what is missing (topics, tables, indices, schemas); one-line {@code UserException} when a server is down. */
    void prepare(FluxoConfig config);

    /**
     * Its streaming queries in the order data flows through them, each reading what the one before wrote (most
     * pipelines have one, named after the pipeline): {@link PipelineRunner#runAll} starts them all for a continuous
     * run, and with availableNow drains one after the other.
     */
    List<Query> queries();

    /** Starts one query of a pipeline: continuous, or draining what its source holds now and stopping (availableNow). */
    @FunctionalInterface
    interface QueryStart {
        StreamingQuery start(SparkSession spark, FluxoConfig config, boolean availableNow);
    }

    /** One streaming query of a pipeline: its name (as in its checkpoint) and how it starts. */
    record Query(String name, QueryStart start) {
        public Query {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(start, "start");
        }
    }

    /**
     * The Kafka topic its dead letters ({@link io.fluxo.dlq.DeadLetter}) go to, from its settings; read by replay.
     * Empty for a pipeline that keeps what it refuses elsewhere (the medallion's quarantine table).
     */
    java.util.Optional<String> deadLetterTopic(FluxoConfig config);

    /**
     * The key, under {@code fluxo.<name>}, of its micro-batch interval: what {@code fluxo demo --window} sets.
     * {@code window} where the interval is also a processing-time window; event-time pipelines call it trigger.
     */
    default String triggerSetting() {
        return "window";
    }

    /** The counters of its status line, in order, after the batch and input figures every pipeline shows. */
    List<StatusField> statusFields();

    /**
     * The command {@code fluxo produce <name>}: a picocli-annotated {@link Callable} with its generator's options
     * (include {@link ProduceOptions} as a mixin for the common ones).
     */
    Callable<Integer> produceCommand(ConfigSource configs);

    /** The command {@code fluxo verify <name>}: checks the live sinks against {@code produce --expect FILE}. */
    Callable<Integer> verifyCommand(ConfigSource configs);

    /**
     * More commands of its own, each a picocli-annotated object or a {@code picocli.CommandLine}: a group at the top
     * level (parent null, e.g. {@code fluxo receivables rebuild}) or a child of a shared group such as
     * {@code fluxo seed <what>} (parent "seed").
     */
    default List<ExtraCommand> extraCommands(ConfigSource configs) {
        return List.of();
    }

    /**
     * What {@code fluxo bench <name>} measures: its sinks' raw rates, its variants, its freshness probe, its targets;
     * empty while a pipeline has no bench yet.
     */
    java.util.Optional<BenchPlan> benchPlan();

    /**
     * Its generator as the platform and other pipelines call it (the medallion's bench sends the transactions
     * generator's events): empty for a pipeline that sends no events of its own.
     */
    default java.util.Optional<Generator> generator() {
        return java.util.Optional.empty();
    }

    /** Sends {@code count} events of generator seed {@code seed} to {@code topic} (made with that many partitions if missing). */
    @FunctionalInterface
    interface Generator {
        /** @param eventsPerSecond 0 for as fast as Kafka takes them */
        io.fluxo.generator.ProduceSummary produce(FluxoConfig config, String topic, int partitions, long count, long seed,
                double eventsPerSecond, io.fluxo.generator.ProgressListener progress);
    }

    /** What {@code fluxo demo} runs for this pipeline besides its query: reference data, a generator, hints. */
    PipelineDemo demo(FluxoConfig config);

    /** A command a pipeline adds: under {@code parent} (null for the top level). */
    record ExtraCommand(String parent, Object command) {
        public ExtraCommand {
            java.util.Objects.requireNonNull(command, "command");
        }
    }

    /** One counter of the status line: the name it has in {@link PipelineMetrics}, and its label on screen. */
    record StatusField(String counter, String label) {
        public StatusField {
            java.util.Objects.requireNonNull(counter, "counter");
            java.util.Objects.requireNonNull(label, "label");
        }
    }
}
