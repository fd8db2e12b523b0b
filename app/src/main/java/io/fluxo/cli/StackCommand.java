package io.fluxo.cli;

import io.fluxo.stack.LocalStack;
import io.fluxo.stack.Service;
import io.fluxo.stack.ServiceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "stack", description = {
    "The local stack: real Kafka (KRaft), DynamoDB Local, OpenSearch, PostgreSQL and S3-compatible (S3Proxy) servers,",
    "each in its own background process.",
    "Data, logs and pid files live under fluxo.stack.dir (default .fluxo); ports and heaps are the fluxo.stack.* keys."},
        subcommands = {StackCommand.Up.class, StackCommand.Down.class, StackCommand.Status.class})
public final class StackCommand {
    @ParentCommand
    FluxoCli root;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    LocalStack localStack() {
        return new LocalStack(root.config().stack(), LocalStack.fluxoHome(), System.out);
    }

    /** --services, shared by the three subcommands. */
    static final class ServicesOption {
        @Option(names = "--services", paramLabel = "LIST",
                description = "Comma-separated services among: kafka, dynamodb, opensearch, postgres, s3 (default: all).")
        String services;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        Set<Service> selected() {
            return services == null ? Service.all() : Service.parse(services);
        }
    }

    @Command(name = "up", description = {
        "Starts the services that are not running and waits until every one answers (up to 120 s each).",
        "Idempotent: services already running are left alone. The servers keep running after this command",
        "returns; stop them with 'fluxo stack down'."})
    static final class Up implements Callable<Integer> {
        @ParentCommand
        StackCommand stack;

        @Mixin
        ServicesOption options;

        @Override
        public Integer call() {
            Set<Service> services = options.selected();
            LocalStack local = stack.localStack();
            long start = System.nanoTime();
            local.up(services);
            System.out.printf(Locale.ROOT, "Ready in %.1f s. Data in %s, logs in %s. Stop with: fluxo stack down%n",
                    (System.nanoTime() - start) / 1e9, local.dir().resolve("data"), local.dir().resolve("logs"));
            return 0;
        }
    }

    @Command(name = "down", description = {
        "Stops the services started by 'fluxo stack up' (SIGTERM, then SIGKILL after 30 s). Data is kept.",
        "Services that are not running are reported, not an error."})
    static final class Down implements Callable<Integer> {
        @ParentCommand
        StackCommand stack;

        @Mixin
        ServicesOption options;

        @Override
        public Integer call() {
            Set<Service> services = options.selected();
            stack.localStack().down(services);
            return 0;
        }
    }

    @Command(name = "status", description = "Shows each service's endpoint, pid and state (running, unhealthy, stopped).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:every requested service is running and healthy",
                "1:an error (bad flag value, unreadable configuration)",
                "3:a requested service is stopped or not answering"})
    static final class Status implements Callable<Integer> {
        static final int NOT_RUNNING = 3;

        @ParentCommand
        StackCommand stack;

        @Mixin
        ServicesOption options;

        @Override
        public Integer call() {
            Set<Service> services = options.selected();
            List<ServiceStatus> statuses = stack.localStack().status(services);
            System.out.print(table(statuses));
            return statuses.stream().allMatch(s -> s.state() == ServiceStatus.State.RUNNING) ? 0 : NOT_RUNNING;
        }

        static String table(List<ServiceStatus> statuses) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"SERVICE", "ENDPOINT", "PID", "STATE"});
            for (ServiceStatus s : statuses) {
                rows.add(new String[] {s.service().cliName(), s.endpoint(), s.pid() == null ? "-" : s.pid().toString(),
                    s.state().name().toLowerCase(Locale.ROOT)});
            }
            return TextTable.render(rows, java.util.Set.of(), System.lineSeparator());
        }
    }
}
