package io.fluxo.cli;

import io.fluxo.config.DurationArg;
import io.fluxo.config.FluxoConfig;
import io.fluxo.metrics.Monitoring;
import io.fluxo.pipeline.Pipeline;
import io.fluxo.pipeline.PipelineRegistry;
import io.fluxo.pipeline.PipelineRunner;
import io.fluxo.spark.SparkSessions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one pipeline until Ctrl-C, or drain what is in Kafka and exit (--available-now).",
            "It resumes from its checkpoint (fluxo.checkpoint-dir/<pipeline>)."})
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    FluxoCli root;

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline: ${COMPLETION-CANDIDATES}.",
            completionCandidates = PipelineNames.class)
    String pipeline;

    @Option(names = "--available-now", description = "Process what Kafka holds now, then exit 0.")
    boolean availableNow;

    @Option(names = "--sinks", paramLabel = "LIST",
            description = {"Override the pipeline's sinks (fluxo.<pipeline>.sinks): a comma-separated list of them, or",
                "none to measure the pipeline alone."})
    String sinks;

    @Option(names = "--status-every", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often to print a status line (default ${DEFAULT-VALUE}).")
    String statusEvery;

    @Override
    public Integer call() {
        Pipeline p = PipelineRegistry.get(pipeline);
        Map<String, String> overrides = new HashMap<>();
        if (sinks != null) {
            overrides.put("fluxo." + p.name() + ".sinks", sinks);
        }
        FluxoConfig config = root.config(overrides);
        Duration every = DurationArg.parsePositive("--status-every", statusEvery);
        p.prepare(config);
        SparkSession spark = SparkSessions.getOrCreate(config);
        System.out.println("Running " + p.name() + (availableNow ? " until Kafka is drained" : " (Ctrl-C stops)")
                + "; checkpoint " + config.checkpoint(p.name()).toAbsolutePath());
        try (Monitoring monitoring = Monitoring.start(spark, config, PipelineRegistry.names(), System.out)) {
            PipelineRunner.runAll(p, spark, config, availableNow, every, System.out);
        }
        return 0;
    }

    /** The registered pipelines, for --help. */
    static final class PipelineNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return PipelineRegistry.names().iterator();
        }
    }
}
