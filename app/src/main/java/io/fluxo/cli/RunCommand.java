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
import io.fluxo.pipeline.transactions.job.TransactionsPipeline;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
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

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "receivables or transactions (medallion, commerce: not built yet)")
    String pipeline;

    @Option(names = "--available-now", description = "Process what Kafka holds now, then exit 0.")
    boolean availableNow;

    @Option(names = "--sinks", paramLabel = "LIST",
            description = "Override the pipeline's sinks: receivables dynamodb,opensearch (default), one of them, or none; transactions postgres (default) or none.")
    String sinks;

    @Option(names = "--status-every", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often to print a status line (default ${DEFAULT-VALUE}).")
    String statusEvery;

    @Override
    public Integer call() {
        if (!Pipelines.BUILT.contains(pipeline)) {
            throw Pipelines.notAvailable(pipeline);
        }
        Map<String, String> overrides = new HashMap<>();
        if (sinks != null) {
            overrides.put("fluxo." + pipeline + ".sinks", sinks);
        }
        FluxoConfig config = root.config(overrides);
        Duration every = DurationArg.parsePositive("--status-every", statusEvery);
        Supplier<StreamingQuery> start;
        if (pipeline.equals(TransactionsPipeline.NAME)) {
            TransactionsPipeline transactions = new TransactionsPipeline(config);
            transactions.prepare();
            SparkSession spark = SparkSessions.getOrCreate(config);
            start = () -> transactions.start(spark, availableNow);
        } else {
            ReceivablesPipeline receivables = new ReceivablesPipeline(config);
            receivables.prepare();
            SparkSession spark = SparkSessions.getOrCreate(config);
            start = () -> receivables.start(spark, availableNow);
        }
        System.out.println("Running " + pipeline + (availableNow ? " until Kafka is drained" : " (Ctrl-C stops)")
                + "; checkpoint " + config.checkpointDir().resolve(pipeline).toAbsolutePath());
        PipelineRunner.run(start, pipeline, every, System.out);
        return 0;
    }
}
