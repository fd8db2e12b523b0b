package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Regions;
import io.fluxo.banking.PayloadFormat;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.bench.BenchDatabases;
import io.fluxo.bench.BenchNames;
import io.fluxo.bench.BenchPlan;
import io.fluxo.bench.BenchReport;
import io.fluxo.bench.Bottleneck;
import io.fluxo.bench.Freshness;
import io.fluxo.bench.FreshnessProbe;
import io.fluxo.bench.MachineInfo;
import io.fluxo.bench.Measurement;
import io.fluxo.bench.Target;
import io.fluxo.bench.Target.Comparison;
import io.fluxo.bench.Target.Format;
import io.fluxo.bench.Targets;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressListener;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.Schema;
import io.fluxo.sink.postgres.PostgresSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The transactions bench: PostgreSQL's raw ingest rate (the pipeline's sink class on generated rows, no
 * Spark), then the pipeline with sinks none and with PostgreSQL in alternating passes, best of each;
 * freshness is a transaction sent to its row readable in transacoes. Each run has its own topics and its own
 * database on the configured PostgreSQL server.
 *
 * <p>Generator seeds: the pre-load uses --seed; the raw rows, the warm-ups and the freshness run derive
 * their own from it, so no two steps write the same transaction ids into one table.
 */
public final class TransactionsBenchPlan implements BenchPlan {
    public static final String POSTGRES_RAW = "postgres_copy_upsert";
    public static final String PIPELINE_POSTGRES = "pipeline_postgres";
    static final String RATIO_POSTGRES = "postgres_raw";
    public static final String POSTGRES = "PostgreSQL";

    static final int POSTGRES_WARMUP_ROWS = 1_000;
    /** Rows per raw write: bounds the memory of the generated rows; past a few thousand the rate hardly changes. */
    static final int POSTGRES_BATCH = 100_000;
    static final double FRAUD_RATE = TransactionsOptions.DEFAULT_FRAUD_RATE;
    static final long USERS_SEED = TransactionsOptions.DEFAULT_SEED;
    static final String PROBE_INDEX = "bench_transacoes_topic_processado_em";
    static final int PASSES = 2;

    public static final Flag USERS = new Flag("--users", "U", "transactions: users seeded into the bench database and"
            + " paid from (default " + TransactionsOptions.DEFAULT_USERS + ").", "users", TransactionsOptions.DEFAULT_USERS,
            2, UserSeed.MAX_USERS, "users");

    /** Each variant's run has its own output topics: the pipeline reads its ledger back. */
    private static final List<Variant> VARIANTS = List.of(
            new Variant(BenchReport.PIPELINE_NONE, "pipeline, sinks none", "none", "none", "none", null, List.of()),
            new Variant(PIPELINE_POSTGRES, "pipeline, postgres", "postgres", "postgres", "postgres", POSTGRES,
                    List.of(new Reference(RATIO_POSTGRES, "postgres raw", POSTGRES_RAW, "PostgreSQL raw"))));

    @Override
    public String pipeline() {
        return TransactionsPipeline.NAME;
    }

    @Override
    public List<Flag> flags() {
        return List.of(USERS);
    }

    @Override
    public String flagNote(String flag) {
        return flag.equals("--sink-items") ? "the transactions bench writes --events rows to PostgreSQL" : null;
    }

    @Override
    public Duration defaultWindow(FluxoConfig config) {
        return TransactionsSettings.of(config).window();
    }

    @Override
    public String windowHelp() {
        return "fluxo.transactions.window (5s) for transactions";
    }

    @Override
    public Nouns nouns() {
        return new Nouns("transactions", "rows", "transactions", "row");
    }

    @Override
    public Sinks allSinks() {
        return new Sinks("postgres", "PostgreSQL");
    }

    @Override
    public List<Variant> variants() {
        return VARIANTS;
    }

    @Override
    public int passes() {
        return PASSES;
    }

    @Override
    public long freshnessSeed(long seed) {
        return seed + 5;
    }

    @Override
    public Map<String, String> counters() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("transactions", TransactionsPipeline.TRANSACTIONS_DECIDED);
        c.put("alerts", TransactionsPipeline.FRAUD_ALERTS);
        return c;
    }

    @Override
    public String written(FluxoConfig config, Map<String, Long> details) {
        return String.format(Locale.ROOT, "%,d transactions, %,d fraud alerts%s", details.get("transactions"),
                details.get("alerts"), TransactionsSettings.of(config).postgresSink() ? ""
                        : " (ledger credits and alerts still go to Kafka)");
    }

    /**
     * PostgreSQL for the end-to-end run's rows at its raw COPY + upsert rate. Sinks none still writes ledger
     * credits and alerts to Kafka; the sink writes on the driver after the batch is computed, so the two add up.
     */
    @Override
    public List<Bottleneck.Part> sinkParts(Map<String, Measurement> byKey, long events) {
        Measurement full = byKey.get(PIPELINE_POSTGRES);
        long rows = full == null ? events : full.details().getOrDefault("transactions", events);
        Measurement postgres = byKey.get(POSTGRES_RAW);
        if (postgres == null || !(postgres.rate() > 0)) {
            return List.of();
        }
        return List.of(new Bottleneck.Part(POSTGRES, rows / postgres.rate(), String.format(Locale.ROOT,
                "%,d rows at %,.0f/s (raw COPY + upsert, 1 connection)", rows, postgres.rate())));
    }

    @Override
    public List<Target> targets(Map<String, Measurement> byKey, Freshness freshness, Duration window) {
        Measurement full = byKey.get(PIPELINE_POSTGRES);
        long events = full == null ? 0 : full.count();
        Target endToEnd = Targets.endToEndVsSinks(full, sinkParts(byKey, events), events, POSTGRES);
        return List.of(Targets.sinksNoneVsKafka(byKey), endToEnd, Targets.fixedCost(byKey),
                Targets.freshness(freshness, window, "transactions"));
    }

    /** What the report tells of the topics and PostgreSQL. */
    static MachineInfo.Facts machine(FluxoConfig c, PostgresSettings server, String postgresVersion) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("topic_partitions", TransactionsSettings.of(c).partitions());
        facts.put("postgres_url", server.url());
        facts.put("postgres_version", postgresVersion);
        facts.put("postgres_pool_size", server.poolSize());
        return new MachineInfo.Facts("PostgreSQL " + postgresVersion, facts);
    }

    @Override
    public BenchPlan.Run open(Context context) {
        return new Names(context);
    }

    /** One run's names, its databases and the ids of the queries it started. */
    static final class Names implements BenchPlan.Run {
        private final Context context;
        private final BenchNames names;
        private final PostgresSettings server;
        private final PostgresSettings benchDb;
        private final List<String> queryIds = new CopyOnWriteArrayList<>();
        private volatile boolean databaseCreated;
        private volatile boolean scratchCreated;

        Names(Context context) {
            this.context = context;
            this.names = context.names();
            this.server = PostgresSettings.of(context.configured());
            this.benchDb = BenchDatabases.at(server, database());
        }

        String inputTopic(String set) {
            return names.name("bench-", "tx" + (set.isEmpty() ? "" : "-" + set)) + ".transactions";
        }

        List<String> runTopics(String run) {
            String prefix = names.name("bench-", "tx-" + run);
            return List.of(prefix + ".ledger", prefix + ".dlq", prefix + ".alerts");
        }

        /** The run's database: reference data, the pipeline runs' transacoes and alertas_fraude. */
        String database() {
            return "bench_" + names.runId().replace('-', '_');
        }

        /** The raw PostgreSQL measurement's scratch database: the same schema, written without the pipeline. */
        String scratchDatabase() {
            return database() + "_raw";
        }

        @Override
        public List<String> topics() {
            List<String> all = new ArrayList<>();
            for (String set : List.of(BenchNames.LOAD, BenchNames.WARMUP, BenchNames.FRESH, BenchNames.SMALL)) {
                all.add(inputTopic(set));
            }
            List<String> runs = new ArrayList<>(List.of(BenchNames.WARMUP, BenchNames.FRESH, BenchNames.SMALL));
            for (int pass = 1; pass <= PASSES; pass++) {
                for (Variant v : VARIANTS) {
                    runs.add(v.output() + "-" + pass);
                }
            }
            for (String run : runs) {
                all.addAll(runTopics(run));
            }
            return all;
        }

        @Override
        public Resources resources() {
            return new Resources("topics " + names.name("bench-", "tx") + "*, databases " + database() + "* at "
                    + BenchDatabases.withDatabase(server.url(), ""), "topics, databases");
        }

        /** An output is a set of ledger, dead-letter and alerts topics; every run reads the pre-load from its start. */
        @Override
        public Map<String, String> overrides(Route route) {
            List<String> out = runTopics(route.output());
            Map<String, String> o = new HashMap<>();
            o.put("fluxo.transactions.topic", inputTopic(route.input()));
            o.put("fluxo.transactions.ledger-topic", out.get(0));
            o.put("fluxo.transactions.dlq-topic", out.get(1));
            o.put("fluxo.transactions.alerts-topic", out.get(2));
            o.put("fluxo.transactions.sinks", route.sinks());
            o.put("fluxo.transactions.window", route.window().toMillis() + "ms");
            // The pre-loaded transactions are the input: a configured "latest" would read none of them.
            o.put("fluxo.transactions.starting-offsets", "earliest");
            o.put("fluxo.postgres.url", benchDb.url());
            return o;
        }

        @Override
        public MachineInfo.Facts probe(FluxoConfig base) {
            return machine(base, server, BenchDatabases.serverVersion(server));
        }

        /** The bench database (schema, users, regions) serves the pipeline runs; the raw step has a scratch one. */
        @Override
        public void setUp() {
            if (!context.options().pipelines() && !context.options().freshness()) {
                return;
            }
            BenchDatabases.create(server, database());
            databaseCreated = true;
            DataSource db = PostgresDataSources.shared(benchDb);
            Schema.Result schema = Schema.migrate(db);
            int users = (int) context.options().flag(USERS);
            try {
                ReferenceData.upsert(db, Regions.all(), UserSeed.generate(users, USERS_SEED));
            } catch (SQLException e) {
                throw new UserException("Cannot seed the bench database " + database() + " at " + server.url() + ": "
                        + BenchDatabases.firstLine(e), e);
            }
            context.out().printf(Locale.ROOT, "database %s: schema version %s, %d regions, %,d users (seed %d)%n",
                    database(), schema.version(), Regions.all().size(), users, USERS_SEED);
            context.out().flush();
        }

        @Override
        public Input input(FluxoConfig config) {
            return Input.unwaited(TransactionsSettings.of(config).topic(), config);
        }

        @Override
        public ProduceSummary produce(FluxoConfig config, long count, long seed, double eventsPerSecond,
                ProgressListener progress) {
            return producer(config).produce(transactions(count, seed), eventsPerSecond, progress, false);
        }

        /** JSON transactions of seed {@code seed}, 2 % fraud-like, paid by the users seeded into the bench database. */
        private TransactionsOptions transactions(long count, long seed) {
            return new TransactionsOptions(seed, count, FRAUD_RATE, PayloadFormat.JSON, (int) context.options().flag(USERS),
                    USERS_SEED);
        }

        private static TransactionsProducer producer(FluxoConfig c) {
            return new TransactionsProducer(c.kafka().clientProperties(), TransactionsSettings.of(c).topic(),
                    TransactionsSettings.of(c).partitions(), TransactionsSettings.of(c).weights());
        }

        /**
         * The pipeline's own sink class on the rows the pipeline would write, in a scratch database: COPY into a
         * temporary table, upsert into transacoes and alertas_fraude, fence row, one transaction per batch, one
         * connection — what the pipeline's driver does per micro-batch, without Kafka or Spark. Rows are generated
         * outside the clock.
         */
        @Override
        public SinkRates sinkRates(Meter meter) {
            String scratch = scratchDatabase();
            BenchDatabases.create(server, scratch);
            scratchCreated = true;
            PostgresSettings raw = BenchDatabases.at(server, scratch);
            Schema.migrate(PostgresDataSources.shared(raw));
            long n = context.options().events();
            FluxoConfig base = context.configured();
            SyntheticTransactions generated = new SyntheticTransactions(
                    transactions(POSTGRES_WARMUP_ROWS + BenchPlan.Meter.RUNS * n, context.options().seed() + 1), TransactionsSettings.of(base).weights(),
                    "bench-raw");
            PostgresSink sink = new PostgresSink(raw, "bench-raw-" + names.runId());
            long[] batchId = {0};
            long[] alerts = {0};
            long[] rounds = {0};
            Measurement m;
            try {
                sink.write(batchId[0]++, TransactionsTables.rows(generated.next(POSTGRES_WARMUP_ROWS,
                        System.currentTimeMillis())).iterator());
                // Each round writes n new rows (the meter runs a warm-up round and several measured ones).
                m = meter.measure(POSTGRES_RAW, "postgres COPY + upsert (sink class, no Spark)", n, "rows", () -> {
                    long nanos = 0;
                    alerts[0] = 0;
                    rounds[0]++;
                    for (long left = n; left > 0; ) {
                        int size = (int) Math.min(left, POSTGRES_BATCH);
                        List<TxOutputRow> rows = generated.next(size, System.currentTimeMillis());
                        alerts[0] += rows.stream().filter(r -> "SUSPEITA_FRAUDE".equals(r.getMotivo())).count();
                        long started = System.nanoTime();
                        sink.write(batchId[0]++, TransactionsTables.rows(rows).iterator());
                        nanos += System.nanoTime() - started;
                        left -= size;
                    }
                    return Duration.ofNanos(nanos);
                });
            } catch (SinkException e) {
                throw new UserException(e.getMessage(), e);
            }
            long batches = (batchId[0] - 1) / Math.max(1, rounds[0]);
            long written = count(raw, "select count(*) from transacoes");
            if (written != POSTGRES_WARMUP_ROWS + rounds[0] * n) {
                throw new IllegalStateException("Cannot trust the raw PostgreSQL measurement: transacoes in " + scratch
                        + " holds " + written + " rows, " + (POSTGRES_WARMUP_ROWS + rounds[0] * n) + " were written");
            }
            m = m.withDetails(Map.of("batches", batches, "connections", 1L, "alerts", alerts[0]));
            List<String> problems = new ArrayList<>();
            boolean keep = context.options().keep();
            if (!keep) {
                BenchDatabases.drop(server, scratch, true, problems);
                scratchCreated = !problems.isEmpty();
            }
            String line = String.format(Locale.ROOT, "raw PostgreSQL: %,d rows (%,d fraud alerts) by COPY + upsert in %d"
                    + " batch%s, 1 connection, in %.2f s (%,.0f rows/s, best of %d rounds after a warm-up; median %,d rows/s)%s",
                    n, alerts[0], batches, batches == 1 ? "" : "es", m.seconds(), m.rate(), m.details().get("rounds"),
                    m.details().get("median_rate_per_s"), keep ? "" : "; scratch database dropped");
            return new SinkRates(List.of(m), line, problems);
        }

        @Override
        public Job prepare(FluxoConfig config) {
            TransactionsPipeline pipeline = new TransactionsPipeline();
            pipeline.prepare(config);
            return Job.of("transactions", (spark, availableNow) -> {
                var query = pipeline.start(spark, config, availableNow);
                queryIds.add(query.id().toString());
                return query;
            });
        }

        /** Every pass inserts into the same empty table; a later pass would otherwise update the rows of an earlier one. */
        @Override
        public void beforeVariant(FluxoConfig config) {
            if (TransactionsSettings.of(config).postgresSink()) {
                execute(benchDb, "truncate transacoes, alertas_fraude");
            }
        }

        @Override
        public Map<String, Long> afterVariant(FluxoConfig config, int restarts) {
            if (!TransactionsSettings.of(config).postgresSink()) {
                return Map.of();
            }
            String topic = TransactionsSettings.of(config).topic();
            long rows = count(benchDb, "select count(*) from transacoes where kafka_topic = ?", topic);
            long events = context.options().events();
            if (restarts == 0 && rows != events) {
                throw new IllegalStateException("Cannot trust the pipeline run: transacoes holds " + rows + " rows of "
                        + topic + ", " + events + " transactions were produced");
            }
            return Map.of("rows_in_transacoes", rows);
        }

        /** The probe's query is on (topic, processado_em): without an index it would scan every earlier run's rows. */
        @Override
        public FreshnessProbe freshnessProbe(FluxoConfig config, Duration every, long queryStartMillis) {
            execute(benchDb, "create index if not exists " + PROBE_INDEX + " on transacoes (kafka_topic, processado_em)");
            return new TransactionsFreshnessProbe(benchDb, database(), TransactionsSettings.of(config).topic(),
                    config.kafka().clientProperties(), every, queryStartMillis);
        }

        @Override
        public void cleanup(FluxoConfig base, List<String> problems) {
            deleteFenceGroups(base, problems);
            if (databaseCreated) {
                BenchDatabases.drop(server, database(), true, problems);
            }
            if (scratchCreated) {
                BenchDatabases.drop(server, scratchDatabase(), true, problems);
            }
        }

        /** The consumer groups the pipeline's Kafka sink commits its fence to, one per query (see KafkaFencedSink). */
        private void deleteFenceGroups(FluxoConfig base, List<String> problems) {
            List<String> prefixes = queryIds.stream().distinct()
                    .map(id -> "fluxo." + TransactionsPipeline.NAME + ".fence." + id).toList();
            if (prefixes.isEmpty()) {
                return;
            }
            Map<String, Object> props = new HashMap<>(base.kafka().clientProperties());
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
            List<String> groups = prefixes;
            try (Admin admin = Admin.create(props)) {
                // One fence per query and Spark partition (see TransactionsBatchWriter): fluxo.transactions.fence.<query id>.p<n>.
                groups = admin.listConsumerGroups().all().get(15, TimeUnit.SECONDS).stream()
                        .map(org.apache.kafka.clients.admin.ConsumerGroupListing::groupId)
                        .filter(g -> prefixes.stream().anyMatch(g::startsWith)).toList();
                if (groups.isEmpty()) {
                    return;
                }
                var results = admin.deleteConsumerGroups(groups).deletedGroups();
                for (var result : results.entrySet()) {
                    try {
                        result.getValue().get(15, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                            problems.add("Cannot delete the consumer group " + result.getKey() + ": "
                                    + e.getCause().getMessage());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("Cannot delete the bench's fence consumer groups: interrupted");
            } catch (Exception e) {
                problems.add("Cannot delete the bench's fence consumer groups (e.g. " + (groups.isEmpty() ? prefixes.get(0)
                        : groups.get(0)) + "): "
                        + e.getMessage());
            }
        }
    }

    private static long count(PostgresSettings db, String sql, String... parameters) {
        try (Connection c = PostgresDataSources.shared(db).getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
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
        try (Connection c = PostgresDataSources.shared(db).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new UserException("Cannot run " + sql + " at " + db.url() + ": " + BenchDatabases.firstLine(e), e);
        }
    }
}
