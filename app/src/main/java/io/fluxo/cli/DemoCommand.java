package io.fluxo.cli;

import io.fluxo.config.FluxoConfig;
import io.fluxo.generator.ProgressListener;
import io.fluxo.generator.receivables.ReceivablesOptions;
import io.fluxo.generator.receivables.ReceivablesProducer;
import io.fluxo.pipeline.PipelineRunner;
import io.fluxo.generator.transactions.TransactionsOptions;
import io.fluxo.generator.transactions.TransactionsProducer;
import io.fluxo.pipeline.receivables.ReceivablesPipeline;
import io.fluxo.pipeline.transactions.UserSeed;
import io.fluxo.pipeline.transactions.job.TransactionsPipeline;
import io.fluxo.pipeline.transactions.job.TransactionsReport;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.ReferenceData;
import io.fluxo.spark.SparkSessions;
import io.fluxo.stack.LocalStack;
import io.fluxo.stack.Service;
import io.fluxo.stack.ServiceStatus;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import io.fluxo.verify.DurationArg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole system on this machine: starts the local stack, seeds 1000 users, runs generators of",
            "receivable events and bank transactions and both pipelines, prints a status line every few seconds and where to look at the data.",
            "Ctrl-C stops everything it started (servers that were already running stay up)."})
public final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    FluxoCli root;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "50",
            description = "Receivable events per second the generator sends (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--tx-rate", paramLabel = "TX_PER_S", defaultValue = "50",
            description = "Bank transactions per second the generator sends (default ${DEFAULT-VALUE}).")
    double txRate;

    static final int DEMO_USERS = 1000;
    static final long DEMO_USERS_SEED = 42;

    @Option(names = "--window", paramLabel = "DURATION",
            description = "Processing-time window and trigger of the pipeline (default: receivables.window, 15s).")
    String window;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop by itself after this long (default: run until Ctrl-C).")
    String duration;

    @Option(names = "--keep-stack", description = "Leave the servers running when the demo stops.")
    boolean keepStack;

    @Option(names = "--status-every", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often to print the status line (default ${DEFAULT-VALUE}).")
    String statusEvery;

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || txRate <= 0) {
            throw new io.fluxo.config.UserException("Invalid --rate/--tx-rate: " + rate + "/" + txRate + " (must be positive)");
        }
        Map<String, String> overrides = new HashMap<>();
        if (window != null) {
            overrides.put("fluxo.receivables.window", DurationArg.parsePositive("--window", window).toMillis() + "ms");
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

        ReceivablesPipeline pipeline = new ReceivablesPipeline(config);
        pipeline.prepare();
        SparkSession spark = SparkSessions.getOrCreate(config);
        ReceivablesProducer producer = new ReceivablesProducer(config);
        Thread generator = new Thread(() -> producer.produce(ReceivablesOptions.continuous().withOverAllocationRate(0.02),
                rate, ProgressListener.NONE, false), "fluxo-demo-generator");
        generator.setDaemon(true);
        generator.start();
        AtomicReference<StreamingQuery> query = new AtomicReference<>(pipeline.start(spark, false));

        TransactionsPipeline transactions = new TransactionsPipeline(config);
        transactions.prepare();
        ReferenceData.upsert(PostgresDataSources.shared(config.postgres()), UserSeed.regions(),
                UserSeed.generate(DEMO_USERS, DEMO_USERS_SEED));
        var t = config.transactions();
        TransactionsProducer txProducer = new TransactionsProducer(config.kafka().clientProperties(), t.topic(),
                t.partitions(), t.weights());
        Thread txGenerator = new Thread(() -> txProducer.produce(TransactionsOptions.continuous().withUsers(DEMO_USERS)
                .withUsersSeed(DEMO_USERS_SEED).withFraudRate(0.03), txRate, ProgressListener.NONE, false),
                "fluxo-demo-tx-generator");
        txGenerator.setDaemon(true);
        txGenerator.start();
        AtomicReference<StreamingQuery> txQuery = new AtomicReference<>(transactions.start(spark, false));

        printWhereToLook(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            System.out.println();
            System.out.println("Stopping the demo...");
            producer.stop();
            txProducer.stop();
            PipelineRunner.stop(query.get());
            PipelineRunner.stop(txQuery.get());
            if (!keepStack && !startedHere.isEmpty()) {
                stack.down(startedHere);
            }
            stopped.countDown();
        }, "fluxo-demo-stop");
        Runtime.getRuntime().addShutdownHook(shutdown);

        long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        while (System.nanoTime() < deadline && query.get().isActive() && txQuery.get().isActive()) {
            Thread.sleep(Math.min(every.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            System.out.println(PipelineRunner.statusLine(ReceivablesPipeline.NAME, query.get()));
            System.out.println(PipelineRunner.statusLine(TransactionsPipeline.NAME, txQuery.get()));
            TransactionsReport.print(config.postgres(), System.out);
        }
        if (query.get().exception().isDefined()) {
            throw PipelineRunner.failure(ReceivablesPipeline.NAME, query.get().exception().get());
        }
        if (txQuery.get().exception().isDefined()) {
            throw PipelineRunner.failure(TransactionsPipeline.NAME, txQuery.get().exception().get());
        }
        // --duration elapsed: stop the same way Ctrl-C does.
        Runtime.getRuntime().removeShutdownHook(shutdown);
        shutdown.run();
        stopped.await(60, TimeUnit.SECONDS);
        return 0;
    }

    private static void printWhereToLook(FluxoConfig config) {
        FluxoConfig.ReceivablesSettings r = config.receivables();
        String os = config.opensearch().url();
        System.out.println();
        System.out.println("Fluxo demo is running. Where to look:");
        System.out.println("  lifecycle documents  curl '" + os + "/" + r.index() + "/_search?pretty&size=3&sort=atualizado_em:desc'");
        System.out.println("  by situacao          curl '" + os + "/" + r.index()
                + "/_search?pretty&size=0' -H 'Content-Type: application/json' -d '{\"aggs\":{\"s\":{\"terms\":{\"field\":\"situacao\"}}}}'");
        System.out.println("  event history        DynamoDB table " + r.table() + " at " + config.dynamodb().endpoint()
                + " (aws dynamodb scan --table-name " + r.table() + " --endpoint-url " + config.dynamodb().endpoint() + " --max-items 5)");
        System.out.println("  dead letters         Kafka topic " + r.dlqTopic() + " at " + config.kafka().bootstrapServers());
        System.out.println("  input topics         " + String.join(", ", r.topics()));
        System.out.println("  window               " + r.window().toMillis() / 1000.0 + " s (documents update once per window)");
        var t = config.transactions();
        System.out.println("  transactions         psql '" + config.postgres().url().replace("jdbc:", "")
                + "' -c 'select modalidade_pagamento, aprovada, motivo, count(*) from transacoes group by 1,2,3'");
        System.out.println("  fraud alerts         table alertas_fraude, Kafka topic " + t.alertsTopic()
                + "; dead letters " + t.dlqTopic());
        System.out.println("Ctrl-C stops the demo.");
        System.out.println();
    }
}
