package io.fluxo.cli;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.pipeline.PipelineRunner;
import io.fluxo.pipeline.receivables.ReceivablesPipeline;
import io.fluxo.spark.SparkSessions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import io.fluxo.verify.DurationArg;
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

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "receivables (transactions, medallion, commerce: not built yet)")
    String pipeline;

    @Option(names = "--available-now", description = "Process what Kafka holds now, then exit 0.")
    boolean availableNow;

    @Option(names = "--sinks", paramLabel = "LIST",
            description = "Override the pipeline's sinks: dynamodb,opensearch (default), one of them, or none.")
    String sinks;

    @Option(names = "--status-every", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often to print a status line (default ${DEFAULT-VALUE}).")
    String statusEvery;

    @Override
    public Integer call() {
        if (!pipeline.equals(ReceivablesPipeline.NAME)) {
            throw Pipelines.notAvailable(pipeline);
        }
        Map<String, String> overrides = new HashMap<>();
        if (sinks != null) {
            overrides.put("fluxo.receivables.sinks", sinks);
        }
        FluxoConfig config = root.config(overrides);
        Duration every = DurationArg.parsePositive("--status-every", statusEvery);
        ReceivablesPipeline receivables = new ReceivablesPipeline(config);
        receivables.prepare();
        SparkSession spark = SparkSessions.getOrCreate(config);
        System.out.println("Running " + pipeline + (availableNow ? " until Kafka is drained" : " (Ctrl-C stops)")
                + "; checkpoint " + config.checkpointDir().resolve(pipeline).toAbsolutePath());
        PipelineRunner.run(() -> receivables.start(spark, availableNow), pipeline, every, System.out);
        return 0;
    }
}
