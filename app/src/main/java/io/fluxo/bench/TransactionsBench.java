package io.fluxo.bench;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.FluxoConfig.PostgresSettings;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressBar;
import io.fluxo.generator.ProgressListener;
import io.fluxo.generator.transactions.TransactionsOptions;
import io.fluxo.generator.transactions.TransactionsProducer;
import io.fluxo.pipeline.PipelineRunner;
import io.fluxo.pipeline.PipelineStats;
import io.fluxo.pipeline.transactions.PayloadFormat;
import io.fluxo.pipeline.transactions.UserSeed;
import io.fluxo.pipeline.transactions.job.TransactionsPipeline;
import io.fluxo.pipeline.transactions.job.TxOutputRow;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.ReferenceData;
import io.fluxo.sink.postgres.Schema;
import io.fluxo.sink.postgres.TransactionsPostgresSink;
import io.fluxo.spark.SparkSessions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The transactions bench of DESIGN §6, in order: pre-load N transactions, raw Kafka consume of them,
 * PostgreSQL's raw ingest rate (the pipeline's sink class on generated rows, no Spark), the pipeline with
 * --available-now (a warm-up, then sinks none and PostgreSQL in alternating passes, best of each), then
 * freshness — sent to readable in transacoes — in a continuous run. Every run gets its own topics, its own database on the configured PostgreSQL server and
 * its own checkpoints, deleted at the end unless asked to keep them.
 *
 * <p>Generator seeds: the pre-load uses --seed; the raw rows, the warm-ups and the freshness run derive
 * their own from it, so no two steps write the same transaction ids into one table.
 */
public final class TransactionsBench {
    static final long WARMUP_EVENTS = 2_000;
    static final long FRESHNESS_WARMUP_EVENTS = 100;
    static final int POSTGRES_WARMUP_ROWS = 1_000;
    /** Rows per raw write: bounds the memory of the generated rows; past a few thousand the rate hardly changes. */
    static final int POSTGRES_BATCH = 100_000;
    static final double FRAUD_RATE = TransactionsOptions.DEFAULT_FRAUD_RATE;
    static final long USERS_SEED = TransactionsOptions.DEFAULT_SEED;
    static final Duration POLL_EVERY = Duration.ofMillis(200);
    static final Duration RAW_CONSUME_MAX = Duration.ofMinutes(5);
    static final String PROBE_INDEX = "bench_transacoes_topic_processado_em";
    private static final String NAME = TransactionsPipeline.NAME;
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private final Function<Map<String, String>, FluxoConfig> configs;
    private final TransactionsBenchOptions options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final HeapMeter heap = new HeapMeter();
    private final List<Measurement> measurements = new ArrayList<>();
    private final List<String> queryIds = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cleaned = new AtomicBoolean();
    private TransactionsBenchNames names;
    private Path runDir;
    private FluxoConfig base;
    private PostgresSettings server;
    private PostgresSettings benchDb;
    private volatile boolean databaseCreated;
    private volatile boolean scratchCreated;
    private volatile SparkSession spark;
    private int step;
    private int steps;

    /**
     * @param configs the configuration with these overrides (full key paths) on top of file and environment
     */
    public TransactionsBench(Function<Map<String, String>, FluxoConfig> configs, TransactionsBenchOptions options,
            PrintWriter out, PrintWriter err) {
        this.configs = configs;
        this.options = options;
        this.out = out;
        this.err = err;
    }

    public TransactionsBenchReport run() {
        Instant startedAt = Instant.now();
        names = new TransactionsBenchNames(BenchNames.create(startedAt, new SecureRandom().nextLong()).runId());
        FluxoConfig configured = configs.apply(Map.of());
        server = configured.postgres();
        runDir = configured.home().resolve("bench").resolve(names.runId());
        benchDb = BenchDatabases.at(server, names.database());
        base = config(TransactionsBenchNames.LOAD, TransactionsBenchNames.NONE, "none", "base");

        if (options.preload() || options.freshness()) {
            StackProbe.kafka(base);
        }
        String postgresVersion = BenchDatabases.serverVersion(server);
        TransactionsMachineInfo machine = machine(base, server, postgresVersion);

        steps = (options.preload() ? 2 : 0) + (options.sinks() ? 1 : 0)
                + (options.pipelines() ? 1 + 2 * TransactionsBenchNames.PASSES : 0) + (options.freshness() ? 1 : 0);
        out.printf(Locale.ROOT, "bench %s: topics bench-%s-tx*, databases %s* at %s, checkpoints %s (%s)%n",
                names.runId(), names.runId(), names.database(), TransactionsBenchNames.withDatabase(server.url(), ""),
                runDir, options.keep() ? "kept: --keep" : "all deleted at the end");
        out.flush();

        Thread hook = new Thread(this::cleanupOnExit, "fluxo-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Freshness freshness = null;
        try {
            if (options.database()) {
                createDatabase();
            }
            if (options.preload()) {
                preload();
                rawConsume();
            }
            if (options.sinks()) {
                postgresRaw();
            }
            if (options.pipelines()) {
                warmup();
                pipelines();
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
        return TransactionsBenchReport.build(names.runId(), startedAt, Instant.now(), options, machine, measurements,
                freshness);
    }

    // ---------------------------------------------------------------- steps

    /** The run's database: the pipeline's schema, the 27 regions and the users the generator pays from. */
    private void createDatabase() {
        BenchDatabases.create(server, names.database());
        databaseCreated = true;
        DataSource db = pool(benchDb);
        Schema.Result schema = Schema.migrate(db);
        try {
            ReferenceData.upsert(db, UserSeed.regions(), UserSeed.generate(options.users(), USERS_SEED));
        } catch (SQLException e) {
            throw new UserException("Cannot seed the bench database " + names.database() + " at " + server.url() + ": "
                    + BenchDatabases.firstLine(e), e);
        }
        out.printf(Locale.ROOT, "database %s: schema version %s, %d regions, %,d users (seed %d)%n", names.database(),
                schema.version(), UserSeed.regions().size(), options.users(), USERS_SEED);
        out.flush();
    }

    private void preload() {
        heap.reset();
        ProduceSummary s = producer(base).produce(transactions(options.events(), options.seed()), 0,
                ProgressBar.onStandardError(err, "transactions"), false);
        add(Measurement.of(TransactionsBenchReport.PRODUCE, "produce (pre-load, seed " + options.seed() + ")", s.total(),
                "events", s.elapsed(), heap.peakBytes()));
        progress("pre-load: %,d transactions into %s in %.2f s (%,.0f events/s)", s.total(), base.transactions().topic(),
                s.elapsed().toNanos() / 1e9, s.eventsPerSecond());
    }

    private void rawConsume() {
        List<String> topics = List.of(base.transactions().topic());
        heap.reset();
        // Best of two passes: the first also pays for class loading and JIT, which the pipeline runs (after a warm-up) do not.
        KafkaRawConsumer.Result best = null;
        for (int pass = 0; pass < 2; pass++) {
            KafkaRawConsumer.Result r = KafkaRawConsumer.consume(rawConsumerProperties(base), topics, RAW_CONSUME_MAX);
            if (r.records() != options.events()) {
                throw new IllegalStateException("Cannot trust the raw consume: it read " + r.records() + " records from "
                        + topics + ", " + options.events() + " were produced");
            }
            if (best == null || r.elapsed().compareTo(best.elapsed()) < 0) {
                best = r;
            }
        }
        Measurement m = Measurement.of(TransactionsBenchReport.KAFKA_RAW, "kafka raw consume (plain consumer)",
                best.records(), "events", best.elapsed(), heap.peakBytes()).withDetails(Map.of("bytes", best.bytes()));
        add(m);
        progress("raw Kafka consume: %,d events (%,.1f MiB) in %.3f s (%,.0f events/s, best of 2 passes)", best.records(),
                best.bytes() / 1048576.0, m.seconds(), m.rate());
    }

    /**
     * The pipeline's own sink class on the rows the pipeline would write, in a scratch database: COPY into a
     * temporary table, upsert into transacoes and alertas_fraude, fence row, one transaction per batch, one
     * connection — what the pipeline's driver does per micro-batch, without Kafka or Spark. Rows are generated
     * outside the clock.
     */
    private void postgresRaw() {
        String scratch = names.scratchDatabase();
        BenchDatabases.create(server, scratch);
        scratchCreated = true;
        PostgresSettings raw = BenchDatabases.at(server, scratch);
        Schema.migrate(pool(raw));
        long n = options.events();
        SyntheticTransactions generated = new SyntheticTransactions(
                transactions(POSTGRES_WARMUP_ROWS + n, options.seed() + 1), base.transactions().weights(), "bench-raw");
        TransactionsPostgresSink sink = new TransactionsPostgresSink(raw, "bench-raw-" + names.runId());
        long batchId = 0;
        long alerts = 0;
        long nanos = 0;
        try {
            sink.write(batchId++, generated.next(POSTGRES_WARMUP_ROWS, System.currentTimeMillis()).iterator());
            heap.reset();
            for (long left = n; left > 0; ) {
                int size = (int) Math.min(left, POSTGRES_BATCH);
                List<TxOutputRow> rows = generated.next(size, System.currentTimeMillis());
                alerts += rows.stream().filter(r -> "SUSPEITA_FRAUDE".equals(r.getMotivo())).count();
                long started = System.nanoTime();
                sink.write(batchId++, rows.iterator());
                nanos += System.nanoTime() - started;
                left -= size;
            }
        } catch (SinkException e) {
            throw new UserException(e.getMessage(), e);
        }
        long batches = batchId - 1;
        long written = count(raw, "select count(*) from transacoes");
        if (written != POSTGRES_WARMUP_ROWS + n) {
            throw new IllegalStateException("Cannot trust the raw PostgreSQL measurement: transacoes in " + scratch
                    + " holds " + written + " rows, " + (POSTGRES_WARMUP_ROWS + n) + " were written");
        }
        Measurement m = Measurement.of(TransactionsBenchReport.POSTGRES_RAW,
                "postgres COPY + upsert (sink class, no Spark)", n, "rows", Duration.ofNanos(nanos), heap.peakBytes())
                .withDetails(Map.of("batches", batches, "connections", 1L, "alerts", alerts));
        add(m);
        List<String> problems = new ArrayList<>();
        if (!options.keep()) {
            BenchDatabases.drop(server, scratch, true, problems);
            scratchCreated = !problems.isEmpty();
        }
        progress("raw PostgreSQL: %,d rows (%,d fraud alerts) by COPY + upsert in %d batch%s, 1 connection, in %.2f s"
                        + " (%,.0f rows/s)%s", n, alerts, batches, batches == 1 ? "" : "es", m.seconds(), m.rate(),
                options.keep() ? "" : "; scratch database dropped");
        problems.forEach(p -> out.println("  warning: " + p));
    }

    /** A small end-to-end run first, so the measured runs do not pay for Spark's first query (planning, codegen, JIT). */
    private void warmup() {
        FluxoConfig warm = config(TransactionsBenchNames.WARMUP, TransactionsBenchNames.WARMUP, "postgres", "warmup");
        long events = Math.min(WARMUP_EVENTS, options.events());
        producer(warm).produce(transactions(events, options.seed() + 3), 0, ProgressListener.NONE, false);
        long started = System.nanoTime();
        Run run = runAvailableNow(warm, events);
        progress("warm-up: Spark started, %,d transactions through PostgreSQL in %.1f s (not in the table)", events,
                (System.nanoTime() - started) / 1e9);
        if (run.restarts() > 0) {
            out.println("  note: the warm-up was restarted after SPARK-55271");
        }
    }

    /**
     * Sinks none and PostgreSQL in alternating passes, the best of each in the table: on 2 cores the run right
     * after the short warm-up is seconds slower than the next one whatever its sinks (it still pays for the first
     * big batch), and one pass each would put that on one configuration.
     */
    private void pipelines() {
        List<Measurement> none = new ArrayList<>();
        List<Measurement> postgres = new ArrayList<>();
        for (int pass = 1; pass <= TransactionsBenchNames.PASSES; pass++) {
            none.add(pipeline(TransactionsBenchReport.PIPELINE_NONE, "pipeline, sinks none", TransactionsBenchNames.NONE,
                    "none", pass));
            postgres.add(pipeline(TransactionsBenchReport.PIPELINE_POSTGRES, "pipeline, postgres",
                    TransactionsBenchNames.POSTGRES, "postgres", pass));
        }
        add(best(none));
        add(best(postgres));
    }

    /** The fastest pass, named so, with every pass's time in its details. */
    static Measurement best(List<Measurement> passes) {
        Measurement best = passes.get(0);
        for (Measurement m : passes) {
            if (m.elapsed().compareTo(best.elapsed()) < 0) {
                best = m;
            }
        }
        Map<String, Long> details = new LinkedHashMap<>();
        details.put("passes", (long) passes.size());
        details.put("best_pass", (long) passes.indexOf(best) + 1);
        for (int i = 0; i < passes.size(); i++) {
            details.put("pass_" + (i + 1) + "_ms", passes.get(i).elapsed().toMillis());
        }
        return new Measurement(best.key(), best.name() + " (best of " + passes.size() + ")", best.count(), best.unit(),
                best.elapsed(), best.peakHeapBytes(), best.ratios(), best.details()).withDetails(details);
    }

    private Measurement pipeline(String key, String name, String run, String sinks, int pass) {
        String runName = TransactionsBenchNames.pass(run, pass);
        FluxoConfig c = config(TransactionsBenchNames.LOAD, runName, sinks, runName);
        if (c.transactions().postgresSink()) {
            // Every pass inserts into the same empty table; a later pass would otherwise update the rows of an earlier one.
            execute(benchDb, "truncate transacoes, alertas_fraude");
        }
        heap.reset();
        Run r = runAvailableNow(c, options.events());
        Map<String, Long> details = new LinkedHashMap<>(r.details());
        if (c.transactions().postgresSink()) {
            long rows = count(benchDb, "select count(*) from transacoes where kafka_topic = ?", c.transactions().topic());
            if (r.restarts() == 0 && rows != options.events()) {
                throw new IllegalStateException("Cannot trust the pipeline run: transacoes holds " + rows
                        + " rows of " + c.transactions().topic() + ", " + options.events() + " transactions were produced");
            }
            details.put("rows_in_transacoes", rows);
        }
        Measurement m = Measurement.of(key, name, options.events(), "events", r.elapsed(), heap.peakBytes())
                .withDetails(details);
        Map<String, Measurement> byKey = BenchReport.byKey(measurements);
        Measurement kafka = byKey.get(TransactionsBenchReport.KAFKA_RAW);
        Measurement postgres = byKey.get(TransactionsBenchReport.POSTGRES_RAW);
        String vsKafka = kafka == null ? "" : String.format(Locale.ROOT, ", %.3fx raw Kafka", Ratio.of(m.rate(), kafka.rate()));
        String vsPostgres = !key.equals(TransactionsBenchReport.PIPELINE_POSTGRES) || postgres == null ? ""
                : String.format(Locale.ROOT, ", %.3fx PostgreSQL raw", Ratio.of(m.rate(), postgres.rate()));
        long batches = details.get("batches");
        double inBatches = details.get("spark_trigger_ms") / 1000.0;
        progress("%s (pass %d of %d): %,d events in %.2f s (%,.0f events/s%s%s); %,d transactions, %,d fraud alerts%s;"
                        + " %d Spark batch%s %.1f s, query start and stop %.1f s", name, pass, TransactionsBenchNames.PASSES,
                m.count(), m.seconds(), m.rate(), vsKafka, vsPostgres, details.get("transactions"), details.get("alerts"),
                c.transactions().postgresSink() ? "" : " (ledger credits and alerts still go to Kafka)", batches,
                batches == 1 ? "" : "es", inBatches, Math.max(0, m.seconds() - inBatches));
        if (r.restarts() > 0) {
            out.println("  note: this pass was restarted after SPARK-55271");
        }
        return m;
    }

    private record Run(Duration elapsed, int restarts, Map<String, Long> details) {
    }

    /** Prepares outside the clock (topics, schema), then times the query from its start to its end. */
    private Run runAvailableNow(FluxoConfig c, long expectedEvents) {
        TransactionsPipeline pipeline = new TransactionsPipeline(c);
        pipeline.prepare();
        SparkSession session = spark(c);
        PipelineStats stats = PipelineStats.of(NAME);
        long transactions = stats.documents.get();
        long alerts = stats.inconsistent.get();
        long deadLetters = stats.deadLetters.get();
        long batches = stats.batches.get();
        AtomicInteger starts = new AtomicInteger();
        AtomicReference<StreamingQuery> last = new AtomicReference<>();
        long started = System.nanoTime();
        PipelineRunner.run(() -> {
            starts.incrementAndGet();
            StreamingQuery q = pipeline.start(session, true);
            last.set(q);
            queryIds.add(q.id().toString());
            return q;
        }, NAME, Duration.ofHours(1), QUIET);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        BatchTimes times = BatchTimes.of(last.get().recentProgress(), null);
        if (starts.get() == 1 && times.inputRows() != expectedEvents) {
            throw new IllegalStateException("Cannot trust the pipeline run: it read " + times.inputRows() + " events, "
                    + expectedEvents + " were produced");
        }
        Map<String, Long> details = new LinkedHashMap<>();
        details.put("transactions", stats.documents.get() - transactions);
        details.put("alerts", stats.inconsistent.get() - alerts);
        details.put("dead_letters", stats.deadLetters.get() - deadLetters);
        details.put("batches", stats.batches.get() - batches);
        details.put("restarts", (long) starts.get() - 1);
        details.putAll(times.details());
        return new Run(elapsed, starts.get() - 1, details);
    }

    private Freshness freshness() {
        FluxoConfig c = config(TransactionsBenchNames.FRESH, TransactionsBenchNames.FRESH, "postgres", "freshness");
        TransactionsPipeline pipeline = new TransactionsPipeline(c);
        pipeline.prepare();
        String topic = c.transactions().topic();
        // The probe's query is on (topic, processado_em): without an index it would scan every earlier run's rows.
        execute(benchDb, "create index if not exists " + PROBE_INDEX + " on transacoes (kafka_topic, processado_em)");
        SparkSession session = spark(c);
        Duration patience = max(Duration.ofSeconds(60), c.transactions().window().multipliedBy(4).plusSeconds(30));
        long queryStart = System.currentTimeMillis() - 1;
        heap.reset();
        StreamingQuery query = pipeline.start(session, false);
        queryIds.add(query.id().toString());
        try (TransactionsFreshnessProbe probe = new TransactionsFreshnessProbe(benchDb, topic, POLL_EVERY, queryStart)) {
            probe.start();
            TransactionsProducer producer = producer(c);

            // Warm-up: the query's first batch opens its state store and Kafka consumers; production does not restart daily.
            ProduceSummary warm = producer.produce(transactions(FRESHNESS_WARMUP_EVENTS, options.seed() + 4),
                    options.freshnessRate(), ProgressListener.NONE, false);
            if (!await(() -> probe.rowsSeen() >= warm.total(), patience, query, probe)) {
                throw new UserException("Cannot measure freshness: the warm-up transactions did not appear in transacoes"
                        + " of " + names.database() + " within " + patience.toSeconds() + " s");
            }

            long from = System.currentTimeMillis();
            ProduceSummary s = producer.produce(transactions(options.freshnessEvents(), options.seed() + 5),
                    options.freshnessRate(), ProgressBar.onStandardError(err, "transactions"), false);
            await(() -> probe.rowsSeen() >= warm.total() + s.total(), patience, query, probe);
            Map<TransactionsFreshnessProbe.RecordKey, Long> seen = probe.seen();
            KafkaSendTimes.Result sent = KafkaSendTimes.read(c.kafka().clientProperties(), topic, RAW_CONSUME_MAX);
            TransactionsFreshnessProbe.Latencies l = TransactionsFreshnessProbe.latencies(sent.sentMillis(), seen, from);
            LatencySummary latency = l.millis().isEmpty() ? null : LatencySummary.of(l.millis());
            Freshness f = new Freshness(c.transactions().window(), options.freshnessRate(), s.total(), s.elapsed(),
                    l.expected(), l.millis().size(), warm.total(), POLL_EVERY, latency);
            BatchTimes times = BatchTimes.of(query.recentProgress(), Instant.ofEpochMilli(from));
            Map<String, Long> details = new LinkedHashMap<>();
            details.put("transactions", l.expected());
            details.put("rows_seen", (long) l.millis().size());
            details.put("missing", f.missing());
            details.put("warmup_events", warm.total());
            details.put("send_time_log_append", sent.logAppendTime() ? 1L : 0L);
            details.putAll(times.details());
            add(Measurement.of(TransactionsBenchReport.FRESHNESS, "freshness run (continuous, window "
                    + BenchReport.durationText(f.window()) + ")", s.total(), "events", s.elapsed(), heap.peakBytes())
                    .withDetails(details));
            progress("%s; %d Spark batches of %,d ms on average (max %,d ms)", TransactionsBenchReport.freshnessLine(f),
                    times.batches(), times.batches() == 0 ? 0 : times.triggerMillis() / times.batches(),
                    times.maxTriggerMillis());
            if (sent.logAppendTime()) {
                out.println("  note: " + topic + " stamps records when the broker appends them (LogAppendTime), not when"
                        + " they are sent: freshness is measured from arrival in Kafka");
            }
            return f;
        } finally {
            PipelineRunner.stop(query);
        }
    }

    /** Waits for {@code done}, failing early when the query died or PostgreSQL stopped answering. */
    private boolean await(BooleanSupplier done, Duration patience, StreamingQuery query, TransactionsFreshnessProbe probe) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.getAsBoolean()) {
            if (query.exception().isDefined()) {
                throw PipelineRunner.failure(NAME, query.exception().get());
            }
            if (!query.isActive()) {
                throw new IllegalStateException("Cannot measure freshness: the transactions query stopped by itself");
            }
            if (probe.consecutiveErrors() >= 25) {
                Exception e = probe.lastError();
                throw new UserException("Cannot read transacoes at " + benchDb.url() + ": "
                        + (e == null ? "no answer" : BenchDatabases.firstLine(e)), e);
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

    private FluxoConfig config(String inputSet, String run, String sinks, String checkpoint) {
        return configs.apply(names.overrides(inputSet, run, sinks, runDir.resolve(checkpoint), options.window(),
                benchDb.url()));
    }

    /** JSON transactions of seed {@code seed}, 2 % fraud-like, paid by the users seeded into the bench database. */
    private TransactionsOptions transactions(long count, long seed) {
        return new TransactionsOptions(seed, count, FRAUD_RATE, PayloadFormat.JSON, options.users(), USERS_SEED);
    }

    /**
     * With one broker a consumer has one fetch in flight: once some partitions are read to their end, a fetch
     * for those alone waits fetch.max.wait.ms (500 ms by default) for data that never comes, and holds back the
     * fetches of the partitions that still have records. A plain consumer reading a backlog would not wait.
     */
    static Map<String, Object> rawConsumerProperties(FluxoConfig c) {
        Map<String, Object> props = new HashMap<>(c.kafka().clientProperties());
        props.put("fetch.max.wait.ms", 10);
        return props;
    }

    private static TransactionsProducer producer(FluxoConfig c) {
        return new TransactionsProducer(c.kafka().clientProperties(), c.transactions().topic(), c.transactions().partitions(),
                c.transactions().weights());
    }

    private SparkSession spark(FluxoConfig c) {
        if (spark == null) {
            spark = SparkSessions.getOrCreate(c);
        }
        return spark;
    }

    private static DataSource pool(PostgresSettings settings) {
        return PostgresDataSources.shared(settings);
    }

    private static long count(PostgresSettings db, String sql, String... parameters) {
        try (Connection c = pool(db).getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                p.setString(i + 1, parameters[i]);
            }
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new UserException("Cannot query " + db.url() + " (" + sql + "): " + BenchDatabases.firstLine(e), e);
        }
    }

    private static void execute(PostgresSettings db, String sql) {
        try (Connection c = pool(db).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new UserException("Cannot run " + sql + " at " + db.url() + ": " + BenchDatabases.firstLine(e), e);
        }
    }

    private void add(Measurement m) {
        measurements.add(m);
    }

    private void progress(String format, Object... args) {
        step++;
        Object[] all = new Object[args.length + 2];
        all[0] = step;
        all[1] = steps;
        System.arraycopy(args, 0, all, 2, args.length);
        out.printf(Locale.ROOT, "[%d/%d] " + format + "%n", all);
        out.flush();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void cleanup() {
        if (!cleaned.compareAndSet(false, true)) {
            return;
        }
        String at = TransactionsBenchNames.withDatabase(server.url(), "");
        if (options.keep()) {
            out.printf(Locale.ROOT, "bench %s: kept (--keep) its topics bench-%s-tx*, databases %s* at %s and checkpoints"
                    + " %s%n", names.runId(), names.runId(), names.database(), at, runDir);
            out.flush();
            return;
        }
        List<String> problems = new ArrayList<>();
        if (options.preload() || options.freshness()) {
            BenchCleanup.deleteTopics(base, names.allTopics(), problems);
            deleteFenceGroups(problems);
        }
        if (databaseCreated) {
            BenchDatabases.drop(server, names.database(), true, problems);
        }
        if (scratchCreated) {
            BenchDatabases.drop(server, names.scratchDatabase(), true, problems);
        }
        BenchCleanup.deleteDirectory(runDir, problems);
        out.println(problems.isEmpty() ? "bench " + names.runId() + ": its topics, databases and checkpoints are deleted"
                : "bench " + names.runId() + ": cleanup incomplete");
        problems.forEach(p -> out.println("  warning: " + p));
        out.flush();
    }

    /** The consumer groups the pipeline's Kafka sink commits its fence to, one per query (see KafkaFencedSink). */
    private void deleteFenceGroups(List<String> problems) {
        List<String> groups = queryIds.stream().distinct().map(id -> "fluxo." + NAME + ".fence." + id).toList();
        if (groups.isEmpty()) {
            return;
        }
        Map<String, Object> props = new HashMap<>(base.kafka().clientProperties());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(props)) {
            var results = admin.deleteConsumerGroups(groups).deletedGroups();
            for (var result : results.entrySet()) {
                try {
                    result.getValue().get(15, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        problems.add("Cannot delete the consumer group " + result.getKey() + ": " + e.getCause().getMessage());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("Cannot delete the bench's fence consumer groups: interrupted");
        } catch (Exception e) {
            problems.add("Cannot delete the bench's fence consumer groups (e.g. " + groups.get(0) + "): " + e.getMessage());
        }
    }

    /** On Ctrl-C: stop this bench's queries first, so no late write re-creates what is being deleted. */
    private void cleanupOnExit() {
        SparkSession s = spark;
        if (s != null) {
            for (StreamingQuery q : s.streams().active()) {
                PipelineRunner.stop(q);
            }
        }
        cleanup();
    }

    private static TransactionsMachineInfo machine(FluxoConfig c, PostgresSettings server, String postgresVersion) {
        long physical = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        return new TransactionsMachineInfo(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
                physical, System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                org.apache.spark.package$.MODULE$.SPARK_VERSION(), c.spark().master(), c.spark().shufflePartitions(),
                AppInfoParser.getVersion(), c.kafka().bootstrapServers(), c.transactions().partitions(),
                server.url(), postgresVersion, server.poolSize());
    }
}
