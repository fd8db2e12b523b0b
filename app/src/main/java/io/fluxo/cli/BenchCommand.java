package io.fluxo.cli;

import io.fluxo.bench.BenchOptions;
import io.fluxo.bench.BenchPlan;
import io.fluxo.bench.BenchReport;
import io.fluxo.bench.BenchRunner;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.RateLimiter;
import io.fluxo.config.DurationArg;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = BenchCommand.PlanFlags.class,
        description = {"Measures a pipeline on this machine (DESIGN §8): a table on screen,",
            "the same numbers in a JSON file. Pre-loads N events, measures the raw Kafka",
            "consume rate of those events and each sink's raw rate with plain clients,",
            "runs the pipeline with --available-now with sinks none and with its sinks,",
            "then measures freshness (sent to visible in the sink) in a continuous run.",
            "Uses its own topics, tables, indices or databases and checkpoints, deleted",
            "at the end unless --keep. A missed target is reported, not an error."})
public final class BenchCommand implements Callable<Integer> {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @ParentCommand
    FluxoCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "One of: ${COMPLETION-CANDIDATES}.",
            completionCandidates = PipelineNames.class)
    String pipeline;

    @Option(names = "--events", paramLabel = "N", defaultValue = "20000",
            description = "Events pre-loaded for the throughput runs (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--freshness-events", paramLabel = "M", defaultValue = "2000",
            description = "Events sent during the continuous freshness run (default ${DEFAULT-VALUE}).")
    long freshnessEvents;

    @Option(names = "--freshness-rate", paramLabel = "R", defaultValue = "half",
            description = "Events per second during the freshness run, e.g. 200 or 200/s; half (the default): half the"
                    + " end-to-end run's steady rate, 200/s when the pipeline runs are skipped.")
    String freshnessRate;

    @Option(names = "--batch-events", paramLabel = "B", defaultValue = "0",
            description = "Events per micro-batch of the measured runs (maxOffsetsPerTrigger); default a tenth of"
                    + " --events, at least 1,000, so every run has a first batch and steady batches after it.")
    long batchEvents;

    /** Its description names each plan's default; the plans' own options follow it (see {@link PlanFlags}). */
    @Option(names = "--window", paramLabel = "DURATION",
            description = "Window and trigger interval of the pipeline, as in production (at least 1s).")
    String window;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE",
            description = "JSON report (default: <fluxo.home>/bench/<pipeline>-<UTC time>.json).")
    Path out;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "CPU profile of the sinks-none run: flame graph FILE (HTML), FILE.collapsed, top frames on screen.")
    Path profile;

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
        BenchPlan plan = BenchPlans.forName(pipeline);
        if (sinksOnly && skipSinks) {
            throw new UserException("Invalid options: --sinks-only and --skip-sinks exclude each other");
        }
        Map<BenchPlan.Flag, Long> flags = planFlags(plan);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        double rate = freshnessRate.equals("half") ? BenchOptions.HALF_RATE
                : RateLimiter.parse("--freshness-rate", freshnessRate);
        if (batchEvents < 0 || (batchEvents == 0 && spec.commandLine().getParseResult().hasMatchedOption("--batch-events"))) {
            throw new UserException("Invalid --batch-events: " + batchEvents + " (must be at least 1)");
        }
        Duration duration = window == null ? plan.defaultWindow(root.config())
                : DurationArg.parsePositive("--window", window);
        BenchOptions options = new BenchOptions(events, freshnessEvents, rate, duration, seed, out, keep, !skipSinks,
                !sinksOnly && !skipPipelines, !sinksOnly && !skipFreshness, flags, batchEvents);
        BenchReport report = new BenchRunner(plan, root::config, options, stdout, stderr).profile(profile).run();

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

    /** The plan's own options as given or by default; another plan's option is a one-line error. */
    private Map<BenchPlan.Flag, Long> planFlags(BenchPlan plan) {
        ParseResult given = spec.commandLine().getParseResult();
        for (BenchPlan other : BenchPlans.all()) {
            for (BenchPlan.Flag flag : other.flags()) {
                if (given.hasMatchedOption(flag.name()) && !plan.flags().contains(flag)) {
                    String note = plan.flagNote(flag.name());
                    throw new UserException("Invalid option: " + flag.name() + " applies to the " + other.pipeline()
                            + " bench only" + (note == null ? "" : " (" + note + ")"));
                }
            }
        }
        Map<BenchPlan.Flag, Long> values = new LinkedHashMap<>();
        for (BenchPlan.Flag flag : plan.flags()) {
            Integer value = given.matchedOptionValue(flag.name(), null);
            values.put(flag, value == null ? (long) flag.defaultValue() : (long) value);
        }
        return values;
    }

    /** The pipelines with a bench plan, for --help. */
    static final class PipelineNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return BenchPlans.all().stream().map(BenchPlan::pipeline).iterator();
        }
    }

    /**
     * Adds every plan's own options (e.g. --users) right after --window, and each plan's default window to
     * the description of --window, so that --help shows them where they belong.
     */
    static final class PlanFlags implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            List<OptionSpec> after = new ArrayList<>();
            boolean seen = false;
            for (OptionSpec o : List.copyOf(spec.options())) {
                if (seen || o.longestName().equals("--window")) {
                    after.add(o);
                    spec.remove(o);
                    seen = true;
                }
            }
            OptionSpec window = after.remove(0);
            String defaults = BenchPlans.all().stream().map(BenchPlan::windowHelp).collect(Collectors.joining(", "));
            String text = window.description()[0];
            spec.addOption(window.toBuilder().description(text.substring(0, text.length() - 2) + "; default " + defaults
                    + ").").build());
            List<String> names = new ArrayList<>();
            for (BenchPlan plan : BenchPlans.all()) {
                for (BenchPlan.Flag flag : plan.flags()) {
                    if (!names.contains(flag.name())) {
                        names.add(flag.name());
                        spec.addOption(OptionSpec.builder(flag.name()).paramLabel(flag.label()).type(Integer.class)
                                .description(flag.description()).build());
                    }
                }
            }
            after.forEach(spec::addOption);
            return spec;
        }
    }
}
