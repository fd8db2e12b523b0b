package io.fluxo.bench;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressBar;
import io.fluxo.generator.ProgressListener;
import io.fluxo.generator.receivables.ReceivablesOptions;
import io.fluxo.generator.receivables.ReceivablesProducer;
import io.fluxo.pipeline.PipelineRunner;
import io.fluxo.pipeline.PipelineStats;
import io.fluxo.pipeline.receivables.ReceivableEvent;
import io.fluxo.pipeline.receivables.ReceivablesPipeline;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.dynamodb.DynamoDbClients;
import io.fluxo.sink.dynamodb.DynamoDbTables;
import io.fluxo.sink.opensearch.OpenSearchClients;
import io.fluxo.sink.opensearch.OpenSearchIndices;
import io.fluxo.spark.SparkSessions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The receivables bench of DESIGN §6, in order: pre-load N events, raw Kafka consume of them, each sink's
 * raw rate with plain clients, the pipeline with --available-now (warm-up, sinks none, opensearch only,
 * both sinks), then freshness in a continuous run. Every run gets its own topics, tables, indices and
 * checkpoints, deleted at the end unless asked to keep them.
 */
public final class ReceivablesBench {
    static final long WARMUP_EVENTS = 2_000;
    static final long FRESHNESS_WARMUP_EVENTS = 100;
    static final int SINK_WARMUP_ITEMS = 50;
    static final Duration POLL_EVERY = Duration.ofMillis(200);
    static final Duration RAW_CONSUME_MAX = Duration.ofMinutes(5);
    private static final String NAME = ReceivablesPipeline.NAME;
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private final Function<Map<String, String>, FluxoConfig> configs;
    private final BenchOptions options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final HeapMeter heap = new HeapMeter();
    private final List<Measurement> measurements = new ArrayList<>();
    private final AtomicBoolean cleaned = new AtomicBoolean();
    private BenchNames names;
    private Path runDir;
    private FluxoConfig base;
    private SparkSession spark;
    private int step;
    private int steps;

    /**
     * @param configs the configuration with these overrides (full key paths) on top of file and environment
     */
    public ReceivablesBench(Function<Map<String, String>, FluxoConfig> configs, BenchOptions options, PrintWriter out,
            PrintWriter err) {
        this.configs = configs;
        this.options = options;
        this.out = out;
        this.err = err;
    }

    public BenchReport run() {
        Instant startedAt = Instant.now();
        names = BenchNames.create(startedAt, new SecureRandom().nextLong());
        base = configs.apply(Map.of());
        runDir = names.dir(base.home());
        base = config(BenchNames.LOAD, names.table(BenchNames.LOAD), names.index(BenchNames.LOAD), "none", "base");

        if (options.preload() || options.freshness()) {
            StackProbe.kafka(base);
        }
        StackProbe.dynamoDb(base);
        String openSearchVersion = StackProbe.openSearch(base);
        MachineInfo machine = machine(base, openSearchVersion);

        steps = (options.preload() ? 2 : 0) + (options.sinks() ? 1 : 0) + (options.pipelines() ? 4 : 0)
                + (options.freshness() ? 1 : 0);
        out.printf(Locale.ROOT, "bench %s: topics bench-%s*, tables Recebiveis-bench-%s*, indices ciclo-bench-%s*,"
                        + " checkpoints %s (%s)%n", names.runId(), names.runId(), names.runId(), names.runId(), runDir,
                options.keep() ? "kept: --keep" : "all deleted at the end");
        out.flush();

        Thread hook = new Thread(this::cleanupOnExit, "fluxo-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Freshness freshness = null;
        try {
            if (options.preload()) {
                preload();
                rawConsume();
            }
            if (options.sinks()) {
                sinkRates();
            }
            if (options.pipelines()) {
                warmup();
                pipeline(BenchReport.PIPELINE_NONE, "pipeline, sinks none", "none", names.table(BenchNames.LOAD),
                        names.index(BenchNames.LOAD), "sinks-none");
                pipeline(BenchReport.PIPELINE_OPENSEARCH, "pipeline, opensearch only", "opensearch",
                        names.table(BenchNames.LOAD), names.index(BenchNames.OPENSEARCH_ONLY), "opensearch-only");
                pipeline(BenchReport.PIPELINE_FULL, "pipeline, dynamodb + opensearch", "dynamodb,opensearch",
                        names.table(BenchNames.LOAD), names.index(BenchNames.LOAD), "end-to-end");
            }
            if (options.freshness()) {
                freshness = freshness();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already and cleans up
            }
            cleanup();
        }
        return BenchReport.build(NAME, names.runId(), startedAt, Instant.now(), options, machine, measurements, freshness);
    }

    // ---------------------------------------------------------------- steps

    private void preload() {
        FluxoConfig load = base;
        heap.reset();
        ProduceSummary s = new ReceivablesProducer(load).produce(
                ReceivablesOptions.defaults(options.events()).withSeed(options.seed()), 0,
                ProgressBar.onStandardError(err, "events"), false);
        add(Measurement.of(BenchReport.PRODUCE, "produce (pre-load, seed " + options.seed() + ")", s.total(), "events",
                s.elapsed(), heap.peakBytes()));
        progress("pre-load: %,d events into bench-%s.{agendados,cancelados,negociados} in %.2f s (%,.0f events/s)",
                s.total(), names.runId(), s.elapsed().toNanos() / 1e9, s.eventsPerSecond());
    }

    private void rawConsume() {
        List<String> topics = base.receivables().topics();
        heap.reset();
        // Best of two passes: the first also pays for class loading and JIT, which the pipeline runs (after a warm-up) do not.
        KafkaRawConsumer.Result best = null;
        for (int pass = 0; pass < 2; pass++) {
            KafkaRawConsumer.Result r = KafkaRawConsumer.consume(base.kafka().clientProperties(), topics, RAW_CONSUME_MAX);
            if (r.records() != options.events()) {
                throw new IllegalStateException("Cannot trust the raw consume: it read " + r.records() + " records from "
                        + topics + ", " + options.events() + " were produced");
            }
            if (best == null || r.elapsed().compareTo(best.elapsed()) < 0) {
                best = r;
            }
        }
        Measurement m = Measurement.of(BenchReport.KAFKA_RAW, "kafka raw consume (plain consumer)", best.records(), "events",
                best.elapsed(), heap.peakBytes()).withDetails(Map.of("bytes", best.bytes()));
        add(m);
        progress("raw Kafka consume: %,d events (%,.1f MiB) in %.3f s (%,.0f events/s, best of 2 passes)", best.records(),
                best.bytes() / 1048576.0, m.seconds(), m.rate());
    }

    private void sinkRates() {
        FluxoConfig raw = config(BenchNames.LOAD, names.table(BenchNames.RAW), names.index(BenchNames.RAW),
                "dynamodb,opensearch", "raw");
        String table = raw.receivables().table();
        String index = raw.receivables().index();
        try {
            DynamoDbTables.ensure(DynamoDbClients.shared(raw.dynamodb()), table, ReceivablesPipeline.HISTORY_PARTITION_KEY,
                    ReceivablesPipeline.HISTORY_SORT_KEY, raw.dynamodb().endpoint());
            OpenSearchIndices.ensure(OpenSearchClients.shared(raw.opensearch()), index, ReceivablesPipeline.INDEX_MAPPING,
                    raw.opensearch().url());
        } catch (SinkException e) {
            throw new UserException(e.getMessage(), e);
        }
        int n = options.sinkItems();
        int total = SINK_WARMUP_ITEMS + 2 * n;
        List<ReceivableEvent> events = SyntheticReceivables.events(options.seed() + 1, total);
        var items = SyntheticReceivables.historyItems(events);
        long now = System.currentTimeMillis();
        var docs = SyntheticReceivables.documents(SyntheticReceivables.events(options.seed() + 2, 2 * total + 1_000), total,
                now, raw.receivables().window().toMillis());

        SinkRawRates.dynamoDb(raw.dynamodb(), table, items.subList(0, SINK_WARMUP_ITEMS), 1);
        Measurement d1 = timed(BenchReport.DYNAMODB_1, "dynamodb BatchWriteItem, 1 writer", n, "items", Map.of("writers", 1L),
                () -> SinkRawRates.dynamoDb(raw.dynamodb(), table, items.subList(SINK_WARMUP_ITEMS, SINK_WARMUP_ITEMS + n), 1));
        Measurement d8 = timed(BenchReport.DYNAMODB_8, "dynamodb BatchWriteItem, 8 writers", n, "items", Map.of("writers", 8L),
                () -> SinkRawRates.dynamoDb(raw.dynamodb(), table, items.subList(SINK_WARMUP_ITEMS + n, total), 8));

        SinkRawRates.openSearch(raw.opensearch(), index, docs.subList(0, SINK_WARMUP_ITEMS), 1, now);
        Measurement o1 = timed(BenchReport.OPENSEARCH_1, "opensearch bulk, 1 client", n, "docs", Map.of("clients", 1L),
                () -> SinkRawRates.openSearch(raw.opensearch(), index, docs.subList(SINK_WARMUP_ITEMS, SINK_WARMUP_ITEMS + n),
                        1, now));
        Measurement o2 = timed(BenchReport.OPENSEARCH_2, "opensearch bulk, 2 clients", n, "docs", Map.of("clients", 2L),
                () -> SinkRawRates.openSearch(raw.opensearch(), index, docs.subList(SINK_WARMUP_ITEMS + n, total), 2, now));

        List<String> problems = new ArrayList<>();
        if (!options.keep()) {
            BenchCleanup.deleteTables(raw, List.of(table), problems);
            BenchCleanup.deleteIndices(raw, List.of(index), problems);
        }
        progress("sinks raw: DynamoDB BatchWriteItem %,.0f items/s (1 writer), %,.0f items/s (8 writers); OpenSearch bulk"
                        + " %,.0f docs/s (1 client), %,.0f docs/s (2 clients)%s", d1.rate(), d8.rate(), o1.rate(), o2.rate(),
                options.keep() ? "" : "; scratch table and index deleted");
        problems.forEach(p -> out.println("  warning: " + p));
    }

    private Measurement timed(String key, String name, long count, String unit, Map<String, Long> details,
            java.util.function.Supplier<Duration> work) {
        heap.reset();
        Duration elapsed = work.get();
        Measurement m = Measurement.of(key, name, count, unit, elapsed, heap.peakBytes()).withDetails(details);
        add(m);
        return m;
    }

    /** A small end-to-end run first, so the measured runs do not pay for Spark's first query (planning, codegen, JIT). */
    private void warmup() {
        FluxoConfig warm = config(BenchNames.WARMUP, names.table(BenchNames.WARMUP), names.index(BenchNames.WARMUP),
                "dynamodb,opensearch", "warmup");
        long events = Math.min(WARMUP_EVENTS, options.events());
        new ReceivablesProducer(warm).produce(ReceivablesOptions.defaults(events).withSeed(options.seed() + 3), 0,
                ProgressListener.NONE, false);
        long started = System.nanoTime();
        Run run = runAvailableNow(warm, events);
        progress("warm-up: Spark started, %,d events through both sinks in %.1f s (not in the table)", events,
                (System.nanoTime() - started) / 1e9);
        if (run.restarts() > 0) {
            out.println("  note: the warm-up was restarted after SPARK-55271");
        }
    }

    private void pipeline(String key, String name, String sinks, String table, String index, String checkpoint) {
        FluxoConfig c = config(BenchNames.LOAD, table, index, sinks, checkpoint);
        heap.reset();
        Run run = runAvailableNow(c, options.events());
        Measurement m = Measurement.of(key, name, options.events(), "events", run.elapsed(), heap.peakBytes())
                .withDetails(run.details());
        add(m);
        Measurement kafka = byKey().get(BenchReport.KAFKA_RAW);
        Measurement dynamo8 = byKey().get(BenchReport.DYNAMODB_8);
        String vsKafka = kafka == null ? "" : String.format(Locale.ROOT, ", %.3fx raw Kafka", Ratio.of(m.rate(), kafka.rate()));
        String vsDynamo = !key.equals(BenchReport.PIPELINE_FULL) || dynamo8 == null ? ""
                : String.format(Locale.ROOT, ", %.3fx DynamoDB raw (8 writers)", Ratio.of(m.rate(), dynamo8.rate()));
        long batches = run.details().get("batches");
        double inBatches = run.details().get("spark_trigger_ms") / 1000.0;
        progress("%s: %,d events in %.2f s (%,.0f events/s%s%s); %,d history items, %,d documents; %d Spark batch%s"
                        + " %.1f s, query start and stop %.1f s", name, m.count(), m.seconds(), m.rate(), vsKafka, vsDynamo,
                run.details().get("history_items"), run.details().get("documents"), batches, batches == 1 ? "" : "es",
                inBatches, Math.max(0, m.seconds() - inBatches));
    }

    private record Run(Duration elapsed, int restarts, Map<String, Long> details) {
    }

    /** Prepares outside the clock (topics, table, index), then times the query from its start to its end. */
    private Run runAvailableNow(FluxoConfig c, long expectedEvents) {
        ReceivablesPipeline pipeline = new ReceivablesPipeline(c);
        pipeline.prepare();
        SparkSession session = spark(c);
        PipelineStats stats = PipelineStats.of(NAME);
        long history = stats.historyItems.get();
        long documents = stats.documents.get();
        long deadLetters = stats.deadLetters.get();
        long batches = stats.batches.get();
        AtomicInteger starts = new AtomicInteger();
        AtomicReference<StreamingQuery> last = new AtomicReference<>();
        long started = System.nanoTime();
        PipelineRunner.run(() -> {
            starts.incrementAndGet();
            StreamingQuery q = pipeline.start(session, true);
            last.set(q);
            return q;
        }, NAME, Duration.ofHours(1), QUIET);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        BatchTimes times = BatchTimes.of(last.get().recentProgress(), null);
        if (starts.get() == 1 && times.inputRows() != expectedEvents) {
            throw new IllegalStateException("Cannot trust the pipeline run: it read " + times.inputRows() + " events, "
                    + expectedEvents + " were produced");
        }
        Map<String, Long> details = new java.util.LinkedHashMap<>();
        details.put("history_items", stats.historyItems.get() - history);
        details.put("documents", stats.documents.get() - documents);
        details.put("dead_letters", stats.deadLetters.get() - deadLetters);
        details.put("batches", stats.batches.get() - batches);
        details.put("restarts", (long) starts.get() - 1);
        details.putAll(times.details());
        return new Run(elapsed, starts.get() - 1, details);
    }

    private Freshness freshness() {
        FluxoConfig c = config(BenchNames.FRESH, names.table(BenchNames.FRESH), names.index(BenchNames.FRESH),
                "dynamodb,opensearch", "freshness");
        ReceivablesPipeline pipeline = new ReceivablesPipeline(c);
        pipeline.prepare();
        SparkSession session = spark(c);
        String agendados = c.receivables().agendadosTopic();
        Duration patience = max(Duration.ofSeconds(60), c.receivables().window().multipliedBy(4).plusSeconds(30));
        OpenSearchClient probeClient = OpenSearchClients.create(c.opensearch());
        heap.reset();
        StreamingQuery query = pipeline.start(session, false);
        try (FreshnessProbe probe = new FreshnessProbe(probeClient, c.receivables().index(), POLL_EVERY)) {
            probe.start();
            ReceivablesProducer producer = new ReceivablesProducer(c);

            // Warm-up: the query's first batch opens its state store and Kafka consumers; production does not restart daily.
            Instant warmFrom = Instant.now();
            ProduceSummary warm = producer.produce(ReceivablesOptions.defaults(FRESHNESS_WARMUP_EVENTS)
                    .withSeed(options.seed() + 4), options.freshnessRate(), ProgressListener.NONE, false);
            long warmDocs = warm.eventsPerTopic().getOrDefault(agendados, 0L);
            if (!await(() -> probe.samplesSentFrom(warmFrom).size() >= warmDocs, patience, query, probe, c)) {
                throw new UserException("Cannot measure freshness: the warm-up documents did not appear in "
                        + c.receivables().index() + " within " + patience.toSeconds() + " s");
            }

            Instant from = Instant.now();
            ProduceSummary s = producer.produce(ReceivablesOptions.defaults(options.freshnessEvents()).withSeed(options.seed()),
                    options.freshnessRate(), ProgressBar.onStandardError(err, "events"), false);
            long receivables = s.eventsPerTopic().getOrDefault(agendados, 0L);
            await(() -> probe.samplesSentFrom(from).size() >= receivables, patience, query, probe, c);
            List<FreshnessProbe.Sample> samples = probe.samplesSentFrom(from);
            LatencySummary latency = samples.isEmpty() ? null
                    : LatencySummary.of(samples.stream().map(FreshnessProbe.Sample::freshnessMillis).toList());
            Freshness f = new Freshness(c.receivables().window(), options.freshnessRate(), s.total(), s.elapsed(), receivables,
                    samples.size(), warm.total(), POLL_EVERY, latency);
            BatchTimes times = BatchTimes.of(query.recentProgress(), from);
            Map<String, Long> details = new java.util.LinkedHashMap<>();
            details.put("receivables", receivables);
            details.put("documents_seen", (long) samples.size());
            details.put("missing", f.missing());
            details.put("warmup_events", warm.total());
            details.putAll(times.details());
            add(Measurement.of(BenchReport.FRESHNESS, "freshness run (continuous, window "
                    + BenchReport.durationText(f.window()) + ")", s.total(), "events", s.elapsed(), heap.peakBytes())
                    .withDetails(details));
            progress("%s; %d Spark batches of %,d ms on average (max %,d ms)", BenchReport.freshnessLine(f),
                    times.batches(), times.batches() == 0 ? 0 : times.triggerMillis() / times.batches(),
                    times.maxTriggerMillis());
            return f;
        } finally {
            PipelineRunner.stop(query);
            try {
                probeClient._transport().close();
            } catch (IOException e) {
                // the probe's own client; nothing else uses it
            }
        }
    }

    /** Waits for {@code done}, failing early when the query died or OpenSearch stopped answering. */
    private static boolean await(BooleanSupplier done, Duration patience, StreamingQuery query, FreshnessProbe probe,
            FluxoConfig c) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.getAsBoolean()) {
            if (query.exception().isDefined()) {
                throw PipelineRunner.failure(NAME, query.exception().get());
            }
            if (!query.isActive()) {
                throw new IllegalStateException("Cannot measure freshness: the receivables query stopped by itself");
            }
            if (probe.consecutiveErrors() >= 25) {
                Exception e = probe.lastError();
                throw new UserException("Cannot search " + c.receivables().index() + " at " + c.opensearch().url() + ": "
                        + (e == null ? "no answer" : e.getMessage()), e);
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Cannot measure freshness: interrupted", e);
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- helpers

    private FluxoConfig config(String topicSet, String table, String index, String sinks, String checkpoint) {
        return configs.apply(names.overrides(topicSet, table, index, sinks, runDir.resolve(checkpoint), options.window()));
    }

    private SparkSession spark(FluxoConfig c) {
        if (spark == null) {
            spark = SparkSessions.getOrCreate(c);
        }
        return spark;
    }

    private void add(Measurement m) {
        measurements.add(m);
    }

    private Map<String, Measurement> byKey() {
        return BenchReport.byKey(measurements);
    }

    private void progress(String format, Object... args) {
        step++;
        out.printf(Locale.ROOT, "[%d/%d] " + format + "%n", prepend(step, steps, args));
        out.flush();
    }

    private static Object[] prepend(int step, int steps, Object[] args) {
        Object[] all = new Object[args.length + 2];
        all[0] = step;
        all[1] = steps;
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void cleanup() {
        if (!cleaned.compareAndSet(false, true)) {
            return;
        }
        if (options.keep()) {
            out.printf(Locale.ROOT, "bench %s: kept (--keep) its topics bench-%s*, tables Recebiveis-bench-%s*,"
                    + " indices ciclo-bench-%s* and checkpoints %s%n", names.runId(), names.runId(), names.runId(),
                    names.runId(), runDir);
            out.flush();
            return;
        }
        List<String> problems = BenchCleanup.deleteAll(base, names, runDir, options.preload() || options.freshness());
        out.println(problems.isEmpty() ? "bench " + names.runId() + ": its topics, tables, indices and checkpoints are deleted"
                : "bench " + names.runId() + ": cleanup incomplete");
        problems.forEach(p -> out.println("  warning: " + p));
        out.flush();
    }

    /** On Ctrl-C: stop this bench's query first, so no late write re-creates what is being deleted. */
    private void cleanupOnExit() {
        if (spark != null) {
            for (StreamingQuery q : spark.streams().active()) {
                PipelineRunner.stop(q);
            }
        }
        cleanup();
    }

    private static MachineInfo machine(FluxoConfig c, String openSearchVersion) {
        long physical = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), physical,
                System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                org.apache.spark.package$.MODULE$.SPARK_VERSION(), c.spark().master(), c.spark().shufflePartitions(),
                AppInfoParser.getVersion(), c.kafka().bootstrapServers(), c.dynamodb().endpoint(), StackProbe.dynamoDbStorage(c),
                c.dynamodb().writers(), c.opensearch().url(), openSearchVersion, c.opensearch().bulkSize());
    }
}
