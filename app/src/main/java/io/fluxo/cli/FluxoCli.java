package io.fluxo.cli;

import io.fluxo.config.ConfigSource;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.pipeline.Pipeline;
import io.fluxo.pipeline.PipelineRegistry;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code fluxo} command. Commands that take a pipeline ({@code produce}, {@code verify}, ...) get one
 * subcommand per registered pipeline, built from the pipeline itself; no command here names a pipeline.
 */
@Command(name = "fluxo", mixinStandardHelpOptions = true, version = "Fluxo 0.1.0",
        description = "Real-time pipelines for financial and commerce events on Kafka and Spark.",
        synopsisSubcommandLabel = "COMMAND")
public final class FluxoCli implements ConfigSource {
    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "HOCON file overriding the defaults (environment variables FLUXO_* override both).")
    Path configFile;

    private FluxoConfig config;

    /** The configuration, loaded and validated on first use. */
    @Override
    public FluxoConfig config() {
        if (config == null) {
            config = PipelineRegistry.loadConfig(configFile, System.getenv());
        }
        return config;
    }

    /** The configuration with command-line overrides (full key paths) applied on top of file and environment. */
    @Override
    public FluxoConfig config(Map<String, String> overrides) {
        return overrides.isEmpty() ? config() : PipelineRegistry.loadConfig(configFile, System.getenv(), overrides);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** The command line with every pipeline's commands added. */
    static CommandLine commandLine(FluxoCli root) {
        java.util.List<Object> extras = new java.util.ArrayList<>();
        CommandLine produce = new CommandLine(new ProduceCommand());
        CommandLine verify = new CommandLine(new VerifyCommand());
        CommandLine seed = new CommandLine(new SeedCommand());
        for (Pipeline p : PipelineRegistry.all()) {
            produce.addSubcommand(p.name(), p.produceCommand(root));
            verify.addSubcommand(p.name(), p.verifyCommand(root));
            for (Pipeline.ExtraCommand extra : p.extraCommands(root)) {
                if (extra.parent() == null) {
                    extras.add(extra.command());
                } else if (extra.parent().equals("seed")) {
                    seed.addSubcommand(extra.command());
                } else {
                    throw new IllegalStateException("Cannot add a command of pipeline " + p.name() + " under "
                            + extra.parent() + ": only seed takes pipeline commands");
                }
            }
        }
        // In the order of the README: the demo first, then the stack, then what a pipeline is run with.
        CommandLine cli = new CommandLine(root);
        cli.addSubcommand(new DemoCommand());
        cli.addSubcommand(new StackCommand());
        cli.addSubcommand("produce", produce);
        cli.addSubcommand(new RunCommand());
        cli.addSubcommand("verify", verify);
        cli.addSubcommand(new AuditCommand());
        cli.addSubcommand("bench", new CommandLine(new BenchCommand()));
        cli.addSubcommand("seed", seed);
        cli.addSubcommand(new ReplayCommand());
        extras.forEach(cli::addSubcommand);
        cli.addSubcommand(new CommandLine.HelpCommand());
        return cli;
    }

    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = commandLine(new FluxoCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable user = userCause(e);
            if (user != null) {
                commandLine.getErr().println("fluxo: " + user.getMessage());
                return 1;
            }
            throw e;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            CommandLine where = e.getCommandLine();
            if (where.getCommand() instanceof PipelineGroup && e instanceof CommandLine.UnmatchedArgumentException u
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
                where.getErr().println("fluxo: " + PipelineRegistry.unknown(u.getUnmatched().get(0)).getMessage());
                return 2;
            }
            if (where.getCommand() instanceof PipelineGroup && e.getMessage().startsWith("Missing required subcommand")) {
                where.getErr().println("fluxo: Missing the pipeline (use one of " + String.join(", ", PipelineRegistry.names())
                        + "; see '" + where.getCommandSpec().qualifiedName() + " <pipeline> --help')");
                return 2;
            }
            where.getErr().println("fluxo: " + e.getMessage() + " (see '" + where.getCommandSpec().qualifiedName()
                    + " --help')");
            return 2;
        });
        return cli.execute(args);
    }

    private static Throwable userCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserException) {
                return t;
            }
        }
        return null;
    }

    /** A command whose subcommands are the pipelines: an unknown one is "Invalid pipeline: x (use one of ...)". */
    interface PipelineGroup {
    }
}
