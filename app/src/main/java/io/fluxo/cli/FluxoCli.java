package io.fluxo.cli;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fluxo", mixinStandardHelpOptions = true, version = "Fluxo 0.1.0",
        description = "Real-time pipelines for financial and commerce events on Kafka and Spark.",
        subcommands = {
            DemoCommand.class,
            StackCommand.class,
            ProduceCommand.class,
            RunCommand.class,
            VerifyCommand.class,
            BenchCommand.class,
            ReceivablesCommand.class,
            SeedCommand.class,
            CommandLine.HelpCommand.class
        })
public final class FluxoCli {
    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "HOCON file overriding the defaults (environment variables FLUXO_* override both).")
    Path configFile;

    private FluxoConfig config;

    /** The configuration, loaded and validated on first use. */
    public FluxoConfig config() {
        if (config == null) {
            config = FluxoConfig.load(configFile, System.getenv());
        }
        return config;
    }

    /** The configuration with command-line overrides (full key paths) applied on top of file and environment. */
    public FluxoConfig config(java.util.Map<String, String> overrides) {
        return overrides.isEmpty() ? config() : FluxoConfig.load(configFile, System.getenv(), overrides);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new FluxoCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable user = userCause(e);
            if (user != null) {
                commandLine.getErr().println("fluxo: " + user.getMessage());
                return 1;
            }
            throw e;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            e.getCommandLine().getErr().println("fluxo: " + e.getMessage() + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
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
}
