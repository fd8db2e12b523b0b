package io.fluxo.cli;

import io.fluxo.config.DurationArg;
import io.fluxo.config.FluxoConfig;
import io.fluxo.metrics.Monitoring;
import io.fluxo.config.UserException;
import io.fluxo.pipeline.Pipeline;
import io.fluxo.pipeline.PipelineDemo;
import io.fluxo.pipeline.PipelineRegistry;
import io.fluxo.pipeline.PipelineRunner;
import io.fluxo.spark.SparkSessions;
import io.fluxo.stack.LocalStack;
import io.fluxo.stack.Service;
import io.fluxo.stack.ServiceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole system on this machine: starts the local stack, then for every pipeline its reference",
            "data, its generator and its streaming query; prints a status line every few seconds and where to look at",
            "the data. Ctrl-C stops everything it started (servers that were already running stay up)."})
public final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    FluxoCli root;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "50",
            description = "Events per second each pipeline's generator sends (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--rate-for", paramLabel = "PIPELINE=EVENTS_PER_S",
            description = "The rate of one pipeline's generator, e.g. --rate-for transactions=200 (repeatable).")
    Map<String, Double> rateFor = new LinkedHashMap<>();

    @Option(names = "--window", paramLabel = "DURATION",
            description = "Trigger interval of every pipeline, also the window of receivables and transactions"
                    + " (default: each pipeline's fluxo.<pipeline>.window or .trigger).")
    String window;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop by itself after this long (default: run until Ctrl-C).")
    String duration;

    @Option(names = "--keep-stack", description = "Leave the servers running when the demo stops.")
    boolean keepStack;

    @Option(names = "--status-every", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often to print the status line (default ${DEFAULT-VALUE}).")
    String statusEvery;

    /** One pipeline of the demo while it runs. */
    private record Running(Pipeline pipeline, PipelineDemo demo, List<StreamingQuery> queries) {
    }

    @Override
    public Integer call() throws Exception {
        List<Pipeline> pipelines = PipelineRegistry.all();
        Map<Pipeline, Double> rates = rates(pipelines);
        Map<String, String> overrides = new HashMap<>();
        if (window != null) {
            String millis = DurationArg.parsePositive("--window", window).toMillis() + "ms";
            pipelines.forEach(p -> overrides.put("fluxo." + p.name() + "." + p.triggerSetting(), millis));
        }
        FluxoConfig config = root.config(overrides);
        Duration every = DurationArg.parsePositive("--status-every", statusEvery);
        Duration runFor = duration == null ? null : DurationArg.parsePositive("--duration", duration);

        LocalStack stack = new LocalStack(config.stack(), LocalStack.fluxoHome());
        Set<Service> startedHere = EnumSet.noneOf(Service.class);
        for (ServiceStatus s : stack.status(Service.all())) {
            if (s.state() != ServiceStatus.State.RUNNING) {
                startedHere.add(s.service());
            }
        }
        System.out.println("Starting the local stack (data and logs under " + stack.dir().toAbsolutePath() + ")...");
        stack.up(Service.all());

        SparkSession spark = SparkSessions.getOrCreate(config);
        Monitoring monitoring = Monitoring.start(spark, config, PipelineRegistry.names(), System.out);
        List<Running> running = new ArrayList<>();
        for (Pipeline p : pipelines) {
            p.prepare(config);
            PipelineDemo demo = p.demo(config);
            demo.prepare();
            demo.startGenerator(rates.get(p));
            List<StreamingQuery> queries = new ArrayList<>();
            for (Pipeline.Query q : p.queries()) {
                queries.add(q.start().start(spark, config, false));
            }
            running.add(new Running(p, demo, queries));
        }
        printWhereToLook(running);

        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            System.out.println();
            System.out.println("Stopping the demo...");
            running.forEach(r -> r.demo().stopGenerator());
            running.forEach(r -> r.queries().forEach(PipelineRunner::stop));
            monitoring.close();
            if (!keepStack && !startedHere.isEmpty()) {
                stack.down(startedHere);
            }
            stopped.countDown();
        }, "fluxo-demo-stop");
        Runtime.getRuntime().addShutdownHook(shutdown);

        long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        while (System.nanoTime() < deadline && running.stream().allMatch(r -> r.queries().stream().allMatch(StreamingQuery::isActive))) {
            Thread.sleep(Math.min(every.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            for (Running r : running) {
                System.out.println(PipelineRunner.statusLine(r.pipeline(), r.queries()));
                r.demo().report().forEach(line -> System.out.println("[" + r.pipeline().name() + "] " + line));
            }
        }
        for (Running r : running) {
            for (StreamingQuery q : r.queries()) {
                if (q.exception().isDefined()) {
                    throw PipelineRunner.failure(r.pipeline().name(), q.exception().get());
                }
            }
        }
        // --duration elapsed: stop the same way Ctrl-C does.
        Runtime.getRuntime().removeShutdownHook(shutdown);
        shutdown.run();
        stopped.await(60, TimeUnit.SECONDS);
        return 0;
    }

    private Map<Pipeline, Double> rates(List<Pipeline> pipelines) {
        Map<Pipeline, Double> rates = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : rateFor.entrySet()) {
            rates.put(PipelineRegistry.get(e.getKey()), e.getValue());
        }
        for (Pipeline p : pipelines) {
            rates.putIfAbsent(p, rate);
        }
        for (Map.Entry<Pipeline, Double> e : rates.entrySet()) {
            if (!(e.getValue() > 0)) {
                throw new UserException("Invalid rate of " + e.getKey().name() + ": " + e.getValue() + " (must be positive)");
            }
        }
        return rates;
    }

    private static void printWhereToLook(List<Running> running) {
        System.out.println();
        System.out.println("Fluxo demo is running. Where to look:");
        for (Running r : running) {
            System.out.println("  [" + r.pipeline().name() + "] " + r.pipeline().description());
            r.demo().whereToLook().forEach(line -> System.out.println("    " + line));
        }
        System.out.println("Ctrl-C stops the demo.");
        System.out.println();
    }
}
