package io.fluxo.cli;

import io.fluxo.bench.BenchOptions;
import io.fluxo.bench.BenchReport;
import io.fluxo.bench.ReceivablesBench;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.RateLimiter;
import io.fluxo.pipeline.receivables.ReceivablesPipeline;
import io.fluxo.verify.DurationArg;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures a pipeline on this machine (DESIGN §6): a table on screen,",
            "the same numbers in a JSON file. Pre-loads N events, measures the raw Kafka",
            "consume rate of those events and each sink's raw rate with plain clients,",
            "runs the pipeline with --available-now with sinks none, OpenSearch only and",
            "both sinks, then measures freshness (sent to searchable in OpenSearch) in a",
            "continuous run. Uses its own topics, tables, indices and checkpoints, deleted",
            "at the end unless --keep. A missed target is reported, not an error."})
public final class BenchCommand implements Callable<Integer> {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @ParentCommand
    FluxoCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "receivables (the only one built so far).")
    String pipeline;

    @Option(names = "--events", paramLabel = "N", defaultValue = "20000",
            description = "Events pre-loaded for the throughput runs (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--freshness-events", paramLabel = "M", defaultValue = "2000",
            description = "Events sent during the continuous freshness run (default ${DEFAULT-VALUE}).")
    long freshnessEvents;

    @Option(names = "--freshness-rate", paramLabel = "R", defaultValue = "200",
            description = "Events per second during the freshness run, e.g. 200 or 200/s (default ${DEFAULT-VALUE}).")
    String freshnessRate;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "15s",
            description = "Window and trigger interval of the pipeline, as in production (default ${DEFAULT-VALUE}, at least 1s).")
    String window;

    @Option(names = "--sink-items", paramLabel = "N", defaultValue = "5000",
            description = "Items (DynamoDB) and documents (OpenSearch) per raw sink measurement (default ${DEFAULT-VALUE}).")
    int sinkItems;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE",
            description = "JSON report (default: <fluxo.home>/bench/<pipeline>-<UTC time>.json).")
    Path out;

    @Option(names = "--keep", description = "Keep the bench's topics, tables, indices and checkpoints to look at them.")
    boolean keep;

    @Option(names = "--sinks-only", description = "Only the raw sink rates (no Kafka pre-load, no Spark).")
    boolean sinksOnly;

    @Option(names = "--skip-sinks", description = "Skip the raw sink rates.")
    boolean skipSinks;

    @Option(names = "--skip-pipelines", description = "Skip the pre-load, the raw Kafka consume and the --available-now runs.")
    boolean skipPipelines;

    @Option(names = "--skip-freshness", description = "Skip the continuous freshness run.")
    boolean skipFreshness;

    @Override
    public Integer call() {
        if (!pipeline.equals(ReceivablesPipeline.NAME)) {
            throw Pipelines.notAvailable(pipeline);
        }
        if (sinksOnly && skipSinks) {
            throw new UserException("Invalid options: --sinks-only and --skip-sinks exclude each other");
        }
        BenchOptions options = new BenchOptions(events, freshnessEvents,
                RateLimiter.parse("--freshness-rate", freshnessRate), DurationArg.parsePositive("--window", window), sinkItems, seed,
                out, keep, !skipSinks, !sinksOnly && !skipPipelines, !sinksOnly && !skipFreshness);

        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        BenchReport report = new ReceivablesBench(root::config, options, stdout, stderr).run();

        FluxoConfig config = root.config();
        Path file = out != null ? out
                : config.home().resolve("bench").resolve(pipeline + "-" + FILE_TIME.format(report.startedAt()) + ".json");
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, report.toJson());
        } catch (IOException e) {
            stdout.println();
            stdout.print(report.table());
            throw new UserException("Cannot write the bench report " + file + ": " + e.getMessage(), e);
        }
        stdout.println();
        stdout.print(report.table());
        stdout.println("JSON: " + file.toAbsolutePath());
        stdout.flush();
        return 0;
    }
}
