package io.fluxo.cli;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressBar;
import io.fluxo.generator.RateLimiter;
import io.fluxo.generator.receivables.ExpectationFile;
import io.fluxo.generator.receivables.ReceivableExpectation;
import io.fluxo.generator.receivables.ReceivablesOptions;
import io.fluxo.generator.transactions.TransactionExpectationFile;
import io.fluxo.generator.transactions.TransactionsOptions;
import io.fluxo.generator.transactions.TransactionsProducer;
import io.fluxo.generator.receivables.ReceivablesProducer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends generated events to a pipeline's Kafka topics, with a progress bar and a summary.",
            "The same seed and options send the same events; --expect writes what the sinks must then hold,",
            "for `fluxo verify`."})
public final class ProduceCommand implements Callable<Integer> {
    static final List<String> PIPELINES = List.of("receivables", "transactions", "commerce");

    @ParentCommand
    FluxoCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<pipeline>", description = "receivables, transactions or commerce.")
    String pipeline;

    @Option(names = "--count", required = true, paramLabel = "N", description = "Events to send, duplicates included.")
    long count;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "Events per second, e.g. 500 or 500/s (default: 0 = as fast as possible).")
    String rate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--expect", paramLabel = "FILE",
            description = "Write what the sinks must hold after these events (JSON lines), for fluxo verify.")
    Path expect;

    @Option(names = "--cancel-rate", paramLabel = "X", defaultValue = "0.30",
            description = "Chance of a cancellation per receivable, again for each further one (default: ${DEFAULT-VALUE}).")
    double cancelRate;

    @Option(names = "--negotiate-rate", paramLabel = "X", defaultValue = "0.20",
            description = "Chance of a negotiation per receivable, again for each further one (default: ${DEFAULT-VALUE}).")
    double negotiateRate;

    @Option(names = "--over-allocation-rate", paramLabel = "X", defaultValue = "0",
            description = "Share of receivables cancelled/negotiated beyond their amount: INCONSISTENTE (default: ${DEFAULT-VALUE}).")
    double overAllocationRate;

    @Option(names = "--out-of-order-rate", paramLabel = "X", defaultValue = "0",
            description = "Share of follow-up events sent before their scheduling event (default: ${DEFAULT-VALUE}).")
    double outOfOrderRate;

    @Option(names = "--duplicate-rate", paramLabel = "X", defaultValue = "0",
            description = "Share of events sent twice (default: ${DEFAULT-VALUE}).")
    double duplicateRate;

    @Option(names = "--fraud-rate", paramLabel = "X", defaultValue = "0.02",
            description = "transactions: share of fraud-like transactions (default: ${DEFAULT-VALUE}).")
    double fraudRate;

    @Option(names = "--format", paramLabel = "json|avro", defaultValue = "json",
            description = "transactions: payload format; avro is the Confluent wire format with schema id 1 (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--users", paramLabel = "N", defaultValue = "1000",
            description = "transactions: users to draw from; must match `fluxo seed users --count N` (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--users-seed", paramLabel = "S", defaultValue = "42",
            description = "transactions: the --seed given to `fluxo seed users` (default: ${DEFAULT-VALUE}).")
    long usersSeed;

    @Override
    public Integer call() {
        String name = pipeline.toLowerCase(Locale.ROOT);
        if (!PIPELINES.contains(name)) {
            throw new UserException("Invalid pipeline: " + pipeline + " (use receivables, transactions or commerce)");
        }
        if (name.equals("transactions")) {
            return produceTransactions();
        }
        if (!name.equals("receivables")) {
            throw new UserException("Cannot produce " + name + ": its generator is not built yet (available: receivables, transactions)");
        }
        ReceivablesOptions options = new ReceivablesOptions(seed, ReceivablesOptions.checkCount(count), cancelRate,
                negotiateRate, overAllocationRate, outOfOrderRate, duplicateRate);
        double eventsPerSecond = RateLimiter.parse("--rate", rate);
        if (expect != null) {
            ExpectationFile.checkWritable(expect);
        }
        FluxoConfig config = root.config();

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReceivablesProducer producer = new ReceivablesProducer(config);
        ProduceSummary summary = producer.produce(options, eventsPerSecond, ProgressBar.onStandardError(err, "events"),
                expect != null);

        out.printf(Locale.ROOT, "produced %,d receivables events to Kafka at %s in %.1f s (%,.0f events/s)%n",
                summary.total(), config.kafka().bootstrapServers(), summary.elapsed().toMillis() / 1000.0,
                summary.eventsPerSecond());
        int width = summary.eventsPerTopic().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Long> e : summary.eventsPerTopic().entrySet()) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %,d%n", e.getKey(), e.getValue());
        }
        if (expect != null) {
            List<ReceivableExpectation> expectation = producer.expectation();
            ExpectationFile.write(expect, expectation);
            out.printf(Locale.ROOT, "expectation: %s (%,d receivables, %,d history items); check the sinks with:%n"
                    + "  fluxo verify receivables --expect %s%n", expect.toAbsolutePath(), expectation.size(),
                    producer.historyItems(), expect);
        }
        out.flush();
        return 0;
    }

    private Integer produceTransactions() {
        TransactionsOptions options = new TransactionsOptions(seed, ReceivablesOptions.checkCount(count), fraudRate,
                TransactionsOptions.parseFormat(format), users, usersSeed);
        double eventsPerSecond = RateLimiter.parse("--rate", rate);
        if (expect != null) {
            ExpectationFile.checkWritable(expect);
        }
        FluxoConfig config = root.config();
        var settings = config.transactions();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TransactionsProducer producer = new TransactionsProducer(config.kafka().clientProperties(), settings.topic(),
                settings.partitions(), settings.weights());
        ProduceSummary summary = producer.produce(options, eventsPerSecond, ProgressBar.onStandardError(err, "transactions"),
                expect != null);
        out.printf(Locale.ROOT, "produced %,d transactions (%s) to %s at %s in %.1f s (%,.0f/s)%n", summary.total(),
                options.format().label(), settings.topic(), config.kafka().bootstrapServers(),
                summary.elapsed().toMillis() / 1000.0, summary.eventsPerSecond());
        if (expect != null) {
            TransactionExpectationFile.write(expect, producer.expectation());
            out.printf(Locale.ROOT, "expectation: %s (verdicts %s)%n", expect.toAbsolutePath(), producer.verdictCounts());
        }
        out.flush();
        return 0;
    }
}
