package io.fluxo.cli;

import io.fluxo.bench.BenchOptions;
import io.fluxo.bench.BenchResult;
import io.fluxo.bench.ReceivablesBench;
import io.fluxo.bench.TransactionsBench;
import io.fluxo.bench.TransactionsBenchOptions;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.RateLimiter;
import io.fluxo.generator.transactions.TransactionsOptions;
import io.fluxo.pipeline.receivables.ReceivablesPipeline;
import io.fluxo.pipeline.transactions.job.TransactionsPipeline;
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
            "runs the pipeline with --available-now with sinks none and with its sinks",
            "(receivables: OpenSearch only, then both; transactions: PostgreSQL), then",
            "measures freshness (sent to searchable in OpenSearch, or to readable in",
            "PostgreSQL) in a continuous run. Uses its own topics, tables, indices or",
            "databases and checkpoints, deleted at the end unless --keep. A missed",
            "target is reported, not an error."})
public final class BenchCommand implements Callable<Integer> {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @ParentCommand
    FluxoCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "receivables or transactions.")
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

    @Option(names = "--window", paramLabel = "DURATION",
            description = "Window and trigger interval of the pipeline, as in production (at least 1s; default 15s for"
                    + " receivables, fluxo.transactions.window (5s) for transactions).")
    String window;

    @Option(names = "--sink-items", paramLabel = "N",
            description = "receivables: items (DynamoDB) and documents (OpenSearch) per raw sink measurement (default "
                    + BenchOptions.DEFAULT_SINK_ITEMS + "); transactions writes --events rows to PostgreSQL.")
    Integer sinkItems;

    @Option(names = "--users", paramLabel = "U",
            description = "transactions: users seeded into the bench database and paid from (default "
                    + TransactionsOptions.DEFAULT_USERS + ").")
    Integer users;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE",
            description = "JSON report (default: <fluxo.home>/bench/<pipeline>-<UTC time>.json).")
    Path out;

    @Option(names = "--keep",
            description = "Keep the bench's topics, tables, indices, databases and checkpoints to look at them.")
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
        boolean transactions = pipeline.equals(TransactionsPipeline.NAME);
        if (!pipeline.equals(ReceivablesPipeline.NAME) && !transactions) {
            throw Pipelines.notAvailable(pipeline);
        }
        if (sinksOnly && skipSinks) {
            throw new UserException("Invalid options: --sinks-only and --skip-sinks exclude each other");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        BenchResult report = transactions ? transactions(stdout, stderr) : receivables(stdout, stderr);

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

    private BenchResult receivables(PrintWriter stdout, PrintWriter stderr) {
        if (users != null) {
            throw new UserException("Invalid option: --users applies to the transactions bench only");
        }
        BenchOptions options = new BenchOptions(events, freshnessEvents,
                RateLimiter.parse("--freshness-rate", freshnessRate),
                DurationArg.parsePositive("--window", window == null ? "15s" : window),
                sinkItems == null ? BenchOptions.DEFAULT_SINK_ITEMS : sinkItems, seed, out, keep, !skipSinks,
                !sinksOnly && !skipPipelines, !sinksOnly && !skipFreshness);
        return new ReceivablesBench(root::config, options, stdout, stderr).run();
    }

    private BenchResult transactions(PrintWriter stdout, PrintWriter stderr) {
        if (sinkItems != null) {
            throw new UserException("Invalid option: --sink-items applies to the receivables bench only (the transactions"
                    + " bench writes --events rows to PostgreSQL)");
        }
        TransactionsBenchOptions options = new TransactionsBenchOptions(events, freshnessEvents,
                RateLimiter.parse("--freshness-rate", freshnessRate),
                window == null ? root.config().transactions().window() : DurationArg.parsePositive("--window", window),
                users == null ? TransactionsOptions.DEFAULT_USERS : users, seed, out, keep, !skipSinks,
                !sinksOnly && !skipPipelines, !sinksOnly && !skipFreshness);
        return new TransactionsBench(root::config, options, stdout, stderr).run();
    }
}
