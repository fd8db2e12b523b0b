package io.fluxo.pipeline.medallion;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.fluxo.amount.AmountSettings;
import io.fluxo.banking.Region;
import io.fluxo.banking.Regions;
import io.fluxo.bench.BenchCleanup;
import io.fluxo.bench.BenchDatabases;
import io.fluxo.bench.BenchNames;
import io.fluxo.bench.BenchPlan;
import io.fluxo.bench.BenchReport;
import io.fluxo.bench.Bottleneck;
import io.fluxo.bench.Freshness;
import io.fluxo.bench.FreshnessProbe;
import io.fluxo.bench.MachineInfo;
import io.fluxo.bench.Measurement;
import io.fluxo.bench.Ratio;
import io.fluxo.bench.Target;
import io.fluxo.bench.Target.Comparison;
import io.fluxo.bench.Target.Format;
import io.fluxo.bench.Targets;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressListener;
import io.fluxo.pipeline.Pipeline;
import io.fluxo.banking.Modality;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.PostgresSink;
import io.fluxo.sink.postgres.Schema;
import io.fluxo.spark.SparkSessions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
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
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The medallion bench: the lake's raw append rate (Delta's writer on bronze-shaped rows, no stream) and PostgreSQL's
 * raw upsert rate (the shared fenced sink on gold rows), then the whole chain with --available-now (bronze drained,
 * then silver, then gold) writing the lake only and writing PostgreSQL too, each layer's time in its details; freshness
 * is a transaction sent to its count visible in gold_transacoes_minuto, the three queries running together.
 *
 * <p>Each run has its own topics, its own database on the configured PostgreSQL server and its own directory of the
 * configured lake ({@code <lake>/bench-<run id>}, deleted at the end). Transactions are the transactions generator's,
 * JSON, none duplicated or invalid; the gold watermark is a day, since every production starts the generator's event
 * clock at the same instant and a later one must not be late to an earlier one.
 */
public final class MedallionBenchPlan implements BenchPlan {
    public static final String DELTA_RAW = "delta_append";
    public static final String POSTGRES_RAW = "postgres_gold_upsert";
    public static final String PIPELINE_POSTGRES = "pipeline_postgres";
    static final String DELTA = "Delta";
    static final String POSTGRES = "PostgreSQL";
    static final List<String> LAYERS = List.of("bronze", "silver", "gold");
    /** Rows per raw PostgreSQL write at most, as for the transactions bench. */
    static final int POSTGRES_BATCH = 100_000;
    static final double CHAIN_VS_SLOWEST_RAW = 0.5;

    private static final Reference RAW_DELTA = new Reference("delta_raw", "Delta raw", DELTA_RAW, "Delta raw append");
    private static final Reference RAW_POSTGRES = new Reference("postgres_raw", "postgres raw", POSTGRES_RAW,
            "PostgreSQL raw upsert");
    private static final List<Variant> VARIANTS = List.of(
            new Variant(BenchReport.PIPELINE_NONE, "chain, Delta only (sinks none)", "none", "none", "none", null,
                    List.of(RAW_DELTA)),
            new Variant(PIPELINE_POSTGRES, "chain, Delta + postgres", "postgres", "postgres", "postgres", POSTGRES,
                    List.of(RAW_DELTA, RAW_POSTGRES)));

    @Override
    public String pipeline() {
        return MedallionCounters.PIPELINE;
    }

    @Override
    public List<Flag> flags() {
        return List.of();
    }

    @Override
    public String flagNote(String flag) {
        return flag.equals("--sink-items") ? "the medallion bench writes --events rows to each raw sink" : null;
    }

    @Override
    public Duration defaultWindow(FluxoConfig config) {
        return MedallionSettings.of(config).trigger();
    }

    @Override
    public String windowHelp() {
        return "fluxo.medallion.trigger (5s) for medallion";
    }

    @Override
    public Nouns nouns() {
        return new Nouns("transactions", "transactions", "transactions", "transaction");
    }

    @Override
    public Sinks allSinks() {
        return new Sinks("postgres", "the lake and PostgreSQL");
    }

    @Override
    public List<Variant> variants() {
        return VARIANTS;
    }

    /** One: a chain run is three queries; on 2 cores two passes of each would double the bench's longest part. */
    @Override
    public int passes() {
        return 1;
    }

    @Override
    public long freshnessSeed(long seed) {
        return seed + 5;
    }

    @Override
    public Map<String, String> counters() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("silver_rows", MedallionCounters.SILVER_ROWS);
        c.put("duplicates", MedallionCounters.DUPLICATES);
        c.put("quarantined", MedallionCounters.QUARANTINED);
        c.put("gold_rows", MedallionCounters.GOLD_ROWS);
        c.put("late", MedallionCounters.LATE);
        return c;
    }

    @Override
    public String written(FluxoConfig config, Map<String, Long> details) {
        StringBuilder layers = new StringBuilder();
        for (String layer : LAYERS) {
            Long ms = details.get(layer + ".ms");
            if (ms != null) {
                layers.append(layers.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f s", layer, ms / 1000.0));
            }
        }
        return String.format(Locale.ROOT, "%,d silver rows, %,d gold rows written%s (%s)", details.get("silver_rows"),
                details.get("gold_rows"), MedallionSettings.of(config).postgresSink() ? " to Delta and PostgreSQL"
                        : " to Delta", layers);
    }

    /**
     * Each layer of the end-to-end run as a row of its own: its query's rows, wall time and steady batches (the chain
     * drains bronze, then silver, then gold, so the three add up to the chain's time but for query start and stop).
     */
    @Override
    public List<Measurement> derived(Map<String, Measurement> byKey) {
        return layers(byKey.get(PIPELINE_POSTGRES));
    }

    static List<Measurement> layers(Measurement chain) {
        if (chain == null) {
            return List.of();
        }
        List<Measurement> rows = new ArrayList<>();
        for (String layer : LAYERS) {
            Map<String, Long> d = chain.details();
            if (!d.containsKey(layer + ".ms")) {
                continue;
            }
            Map<String, Long> details = new LinkedHashMap<>();
            details.put("batches", d.get(layer + ".batches"));
            details.put("spark_trigger_ms", d.get(layer + ".trigger_ms"));
            details.put("steady_rows", d.get(layer + ".steady_rows"));
            details.put("steady_ms", d.get(layer + ".steady_ms"));
            rows.add(Measurement.of("layer_" + layer, layer + " layer (of the chain with postgres)", d.get(layer + ".rows"),
                    "rows", Duration.ofMillis(d.get(layer + ".ms")), -1).withDetails(details));
        }
        return rows;
    }

    /**
     * The lake for bronze's and silver's rows at Delta's raw append rate, PostgreSQL for gold's rows at its raw upsert
     * rate; gold's own Delta MERGE is in neither (it reads and rewrites the touched files, costlier than an append).
     */
    @Override
    public List<Bottleneck.Part> sinkParts(Map<String, Measurement> byKey, long events) {
        Measurement full = byKey.get(PIPELINE_POSTGRES);
        long silver = full == null ? events : full.details().getOrDefault("silver_rows", events);
        long gold = full == null ? 0 : full.details().getOrDefault("gold_rows", 0L);
        List<Bottleneck.Part> parts = new ArrayList<>();
        Measurement delta = byKey.get(DELTA_RAW);
        if (delta != null && delta.rate() > 0) {
            parts.add(new Bottleneck.Part(DELTA, (events + silver) / delta.rate(), String.format(Locale.ROOT,
                    "%,d bronze + %,d silver rows at %,.0f/s (raw append)", events, silver, delta.rate())));
        }
        Measurement postgres = byKey.get(POSTGRES_RAW);
        if (postgres != null && postgres.rate() > 0 && gold > 0) {
            parts.add(new Bottleneck.Part(POSTGRES, gold / postgres.rate(), String.format(Locale.ROOT,
                    "%,d gold rows at %,.0f/s (raw upsert, 1 connection)", gold, postgres.rate())));
        }
        return parts;
    }

    @Override
    public List<Target> targets(Map<String, Measurement> byKey, Freshness freshness, Duration window) {
        return List.of(chainVsSlowestRaw(byKey), Targets.fixedCost(byKey),
                Targets.freshness(freshness, window.multipliedBy(2).plusSeconds(1), "2 triggers + 1 s", "transactions"));
    }

    /**
     * The goal as it says it: the chain's steady rate (transactions per second) at least half the slowest of
     * the raw rates (Kafka records, Delta rows, PostgreSQL rows per second).
     */
    static Target chainVsSlowestRaw(Map<String, Measurement> byKey) {
        Measurement chain = byKey.get(PIPELINE_POSTGRES);
        double slowest = Double.MAX_VALUE;
        for (String key : List.of(BenchReport.KAFKA_RAW, DELTA_RAW, POSTGRES_RAW)) {
            Measurement raw = byKey.get(key);
            if (raw != null && raw.rate() > 0) {
                slowest = Math.min(slowest, raw.rate());
            }
        }
        Double ratio = chain == null || slowest == Double.MAX_VALUE ? null : Ratio.of(chain.steadyRate(), slowest);
        return new Target("chain_vs_slowest_raw", "chain (steady) >= 50% of the slowest raw rate (Kafka consume, Delta"
                + " append, PostgreSQL upsert)", Comparison.AT_LEAST, CHAIN_VS_SLOWEST_RAW, ratio, Format.PERCENT, null);
    }

    @Override
    public BenchPlan.Run open(Context context) {
        return new Names(context);
    }

    /** One run's names: its topics, its databases, its directory of the lake. */
    static final class Names implements BenchPlan.Run {
        private final Context context;
        private final BenchNames names;
        private final PostgresSettings server;
        private final PostgresSettings benchDb;
        private final MedallionSettings configured;
        private volatile boolean databaseCreated;
        private volatile boolean scratchCreated;

        Names(Context context) {
            this.context = context;
            this.names = context.names();
            this.server = PostgresSettings.of(context.configured());
            this.benchDb = BenchDatabases.at(server, database());
            this.configured = MedallionSettings.of(context.configured());
        }

        String inputTopic(String set) {
            return names.name("bench-", "md" + (set.isEmpty() ? "" : "-" + set)) + ".transactions";
        }

        String database() {
            return "bench_" + names.runId().replace('-', '_');
        }

        String scratchDatabase() {
            return database() + "_raw";
        }

        /** The run's directory of the configured lake: every run's tables under it, the raw append's too. */
        String lakeDir() {
            String lake = configured.lake().lake();
            return (lake.endsWith("/") ? lake : lake + "/") + "bench-" + names.runId();
        }

        @Override
        public List<String> topics() {
            List<String> all = new ArrayList<>();
            for (String set : List.of(BenchNames.LOAD, BenchNames.WARMUP, BenchNames.FRESH, BenchNames.SMALL)) {
                all.add(inputTopic(set));
            }
            return all;
        }

        @Override
        public Resources resources() {
            return new Resources("topics " + names.name("bench-", "md") + "*, databases " + database() + "* at "
                    + BenchDatabases.withDatabase(server.url(), "") + ", lake " + lakeDir(), "topics, databases, lake");
        }

        @Override
        public Map<String, String> overrides(Route route) {
            Map<String, String> o = new HashMap<>();
            String topic = inputTopic(route.input());
            o.put("fluxo.transactions.topic", topic);
            o.put("fluxo.medallion.topic", topic);
            o.put("fluxo.medallion.format", "json");
            o.put("fluxo.medallion.lake", lakeDir() + "/" + route.output());
            o.put("fluxo.medallion.sinks", route.sinks());
            o.put("fluxo.medallion.trigger", route.window().toMillis() + "ms");
            o.put("fluxo.medallion.gold-watermark", "1d");
            o.put("fluxo.medallion.starting-offsets", "earliest");
            o.put("fluxo.postgres.url", benchDb.url());
            return o;
        }

        @Override
        public MachineInfo.Facts probe(FluxoConfig base) {
            String version = BenchDatabases.serverVersion(server);
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("topic_partitions", MedallionSettings.of(base).partitions());
            facts.put("lake", lakeDir());
            facts.put("postgres_url", server.url());
            facts.put("postgres_version", version);
            return new MachineInfo.Facts("PostgreSQL " + version + ", lake " + configured.lake().lake(), facts);
        }

        @Override
        public void setUp() {
            if (!context.options().pipelines() && !context.options().freshness()) {
                return;
            }
            BenchDatabases.create(server, database());
            databaseCreated = true;
            Schema.Result schema = Schema.migrate(PostgresDataSources.shared(benchDb));
            context.out().printf(Locale.ROOT, "database %s: schema version %s; lake %s%n", database(), schema.version(),
                    lakeDir());
            context.out().flush();
        }

        @Override
        public Input input(FluxoConfig config) {
            return Input.unwaited(MedallionSettings.of(config).topic(), config);
        }

        @Override
        public ProduceSummary produce(FluxoConfig config, long count, long seed, double eventsPerSecond,
                ProgressListener progress) {
            MedallionSettings m = MedallionSettings.of(config);
            return io.fluxo.pipeline.PipelineRegistry.get(MedallionPipeline.PRODUCER).generator().orElseThrow()
                    .produce(config, m.topic(), m.partitions(), count, seed, eventsPerSecond, progress);
        }

        @Override
        public SinkRates sinkRates(Meter meter) {
            long n = context.options().events();
            Measurement delta = deltaAppend(meter, n);
            Measurement postgres = postgresUpsert(meter, n);
            List<String> problems = new ArrayList<>();
            boolean keep = context.options().keep();
            if (!keep) {
                BenchDatabases.drop(server, scratchDatabase(), true, problems);
                scratchCreated = !problems.isEmpty();
            }
            String line = String.format(Locale.ROOT, "raw Delta append: %,d bronze rows in %.2f s (%,.0f rows/s, best of %d"
                    + " rounds after a warm-up; median %,d rows/s); raw PostgreSQL upsert: %,d gold rows in %.2f s (%,.0f"
                    + " rows/s; median %,d rows/s)%s", n, delta.seconds(), delta.rate(), delta.details().get("rounds"),
                    delta.details().get("median_rate_per_s"), n, postgres.seconds(), postgres.rate(),
                    postgres.details().get("median_rate_per_s"), keep ? "" : "; scratch database dropped");
            return new SinkRates(List.of(delta, postgres), line, problems);
        }

        /**
         * Delta's writer appending {@code n} rows shaped as bronze's (key, a JSON transaction as the generator writes
         * it, Kafka coordinates) to a table of the run's lake directory: what bronze does per batch, without Kafka or
         * a stream. The rows are made and cached outside the clock, in as many Spark partitions as the topic has.
         */
        private Measurement deltaAppend(Meter meter, long n) {
            SparkSession spark = SparkSessions.getOrCreate(context.configured());
            String table = lakeDir() + "/raw-delta";
            Dataset<Row> rows = bronzeShaped(spark, n, configured.partitions()).persist(StorageLevel.MEMORY_ONLY());
            try {
                rows.count();
                long[] appends = {0};
                Measurement m = meter.measure(DELTA_RAW, "delta append (bronze-shaped rows, no stream)", n, "rows", () -> {
                    long started = System.nanoTime();
                    rows.write().format("delta").mode("append").save(table);
                    appends[0]++;
                    return Duration.ofNanos(System.nanoTime() - started);
                });
                long written = spark.read().format("delta").load(table).count();
                if (written != appends[0] * n) {
                    throw new IllegalStateException("Cannot trust the raw Delta measurement: " + table + " holds " + written
                            + " rows, " + appends[0] * n + " were appended");
                }
                return m.withDetails(Map.of("partitions", (long) configured.partitions()));
            } finally {
                rows.unpersist();
            }
        }

        static Dataset<Row> bronzeShaped(SparkSession spark, long n, int partitions) {
            return spark.range(0, n, 1, partitions).select(
                    concat(lit("tx-"), col("id")).cast(DataTypes.BinaryType).as("key"),
                    concat(lit("{\"id_transacao\":\"00000000-0000-4000-8000-"), col("id").cast("string"),
                            lit("\",\"id_usuario_pagador\":\"u-"), col("id").mod(1000).cast("string"),
                            lit("\",\"id_usuario_recebedor\":\"u-"), col("id").multiply(7).mod(1000).cast("string"),
                            lit("\",\"id_regiao\":\"SP\",\"modalidade_pagamento\":\"PIX\",\"data_horario\":"),
                            col("id").plus(1_767_585_600_000L).cast("string"), lit(",\"valor_transacao\":"),
                            col("id").mod(100_000).divide(100).cast("decimal(18,2)").cast("string"), lit("}"))
                            .cast(DataTypes.BinaryType).as("value"),
                    lit("bench-raw").as("topic"), col("id").mod(partitions).cast("int").as("partition"),
                    col("id").as("offset"), current_timestamp().as("timestamp"), current_timestamp().as("ingested_at"));
        }

        /**
         * The shared fenced PostgreSQL sink upserting {@code n} gold rows per round (one row per unit, as gold writes
         * them), in batches of at most {@value #POSTGRES_BATCH}, into a scratch database's gold_transacoes_minuto;
         * each round's rows have keys of their own, so every round inserts. Rows are made outside the clock.
         */
        private Measurement postgresUpsert(Meter meter, long n) {
            String scratch = scratchDatabase();
            BenchDatabases.create(server, scratch);
            scratchCreated = true;
            PostgresSettings raw = BenchDatabases.at(server, scratch);
            Schema.migrate(PostgresDataSources.shared(raw));
            PostgresSink sink = new PostgresSink(raw, "bench-raw-" + names.runId());
            long[] batchId = {0};
            long[] round = {0};
            Measurement m;
            try {
                m = meter.measure(POSTGRES_RAW, "postgres gold upsert (fenced sink, no Spark)", n, "rows", () -> {
                    long nanos = 0;
                    for (long from = 0; from < n; from += POSTGRES_BATCH) {
                        List<List<PostgresSink.Row>> units = goldRows(round[0] * n + from, (int) Math.min(POSTGRES_BATCH, n - from));
                        long started = System.nanoTime();
                        sink.writeAll(batchId[0]++, units);
                        nanos += System.nanoTime() - started;
                    }
                    round[0]++;
                    return Duration.ofNanos(nanos);
                });
            } catch (SinkException e) {
                throw new UserException(e.getMessage(), e);
            }
            long written = count(raw, "select count(*) from gold_transacoes_minuto");
            if (written != round[0] * n) {
                throw new IllegalStateException("Cannot trust the raw PostgreSQL measurement: gold_transacoes_minuto in "
                        + scratch + " holds " + written + " rows, " + round[0] * n + " were written");
            }
            return m.withDetails(Map.of("batches", (batchId[0]) / Math.max(1, round[0]), "connections", 1L));
        }

        /** Gold rows {@code first} to {@code first + count - 1}: distinct keys (minute, region, modality). */
        static List<List<PostgresSink.Row>> goldRows(long first, int count) {
            List<Region> regions = Regions.all();
            Modality[] modalities = Modality.values();
            int perMinute = regions.size() * modalities.length;
            Instant start = Instant.parse("2026-01-05T04:00:00Z");
            List<List<PostgresSink.Row>> units = new ArrayList<>(count);
            for (long i = first; i < first + count; i++) {
                BigDecimal total = BigDecimal.valueOf(1000 + i % 9000, 2).multiply(BigDecimal.valueOf(3));
                units.add(List.of(PostgresSink.Row.of(GoldBatchWriter.POSTGRES_GOLD, start.plusSeconds(60 * (i / perMinute)),
                        regions.get((int) (i % regions.size())).idRegiao(),
                        modalities[(int) (i / regions.size() % modalities.length)].label(), 3L, total,
                        total.divide(BigDecimal.valueOf(3), 2, java.math.RoundingMode.HALF_EVEN),
                        BigDecimal.valueOf(1000 + i % 9000, 2).add(BigDecimal.ONE), BigDecimal.valueOf(1000 + i % 9000, 2)
                                .subtract(BigDecimal.ONE))));
            }
            return units;
        }

        @Override
        public Job prepare(FluxoConfig config) {
            MedallionPipeline pipeline = new MedallionPipeline();
            pipeline.prepare(config);
            List<Stage> stages = new ArrayList<>();
            for (Pipeline.Query q : pipeline.queries()) {
                stages.add(new Stage(q.name(), (spark, availableNow) -> q.start().start(spark, config, availableNow)));
            }
            return new Job(stages);
        }

        /** Every run with PostgreSQL upserts into the same table: empty, its rows are only the run's. */
        @Override
        public void beforeVariant(FluxoConfig config) {
            if (MedallionSettings.of(config).postgresSink()) {
                execute(benchDb, "truncate gold_transacoes_minuto");
            }
        }

        /** Bronze and silver hold every transaction once, gold counts each once, in Delta and in PostgreSQL. */
        @Override
        public Map<String, Long> afterVariant(FluxoConfig config, int restarts) {
            MedallionSettings m = MedallionSettings.of(config);
            SparkSession spark = SparkSessions.getOrCreate(config);
            long events = context.options().events();
            Map<String, Long> found = new LinkedHashMap<>();
            found.put("bronze_rows", spark.read().format("delta").load(m.lake().table(MedallionTables.BRONZE)).count());
            found.put("silver_table_rows", spark.read().format("delta").load(m.lake().table(MedallionTables.SILVER)).count());
            Row gold = spark.read().format("delta").load(m.lake().table(MedallionTables.GOLD))
                    .agg(org.apache.spark.sql.functions.sum("quantidade")).first();
            found.put("gold_delta_quantidade", gold.isNullAt(0) ? 0 : gold.getLong(0));
            if (m.postgresSink()) {
                found.put("gold_postgres_quantidade", count(benchDb,
                        "select coalesce(sum(quantidade), 0) from gold_transacoes_minuto"));
            }
            for (Map.Entry<String, Long> e : found.entrySet()) {
                if (e.getValue() != events) {
                    throw new IllegalStateException("Cannot trust the medallion run: " + e.getKey() + " is " + e.getValue()
                            + ", " + events + " transactions were produced");
                }
            }
            return found;
        }

        @Override
        public FreshnessProbe freshnessProbe(FluxoConfig config, Duration every, long queryStartMillis) {
            execute(benchDb, "truncate gold_transacoes_minuto");
            MedallionSettings m = MedallionSettings.of(config);
            return new MedallionFreshnessProbe(benchDb, m.topic(), config.kafka().clientProperties(),
                    m.parser(AmountSettings.of(config).subCent()), every);
        }

        @Override
        public void cleanup(FluxoConfig base, List<String> problems) {
            if (databaseCreated) {
                BenchDatabases.drop(server, database(), true, problems);
            }
            if (scratchCreated) {
                BenchDatabases.drop(server, scratchDatabase(), true, problems);
            }
            deleteLakeDir(problems);
        }

        /** A local lake's directory directly; one on S3 through the session's s3a file system. */
        private void deleteLakeDir(List<String> problems) {
            String dir = lakeDir();
            if (!configured.lake().onS3()) {
                BenchCleanup.deleteDirectory(Path.of(dir), problems);
                return;
            }
            SparkSession spark = SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession().get() : null;
            if (spark == null) {
                return;
            }
            try {
                org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
                FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
                fs.delete(path, true);
            } catch (Exception e) {
                problems.add("Cannot delete " + dir + ": " + e.getMessage());
            }
        }
    }

    private static long count(PostgresSettings db, String sql) {
        try (Connection c = PostgresDataSources.shared(db).getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
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
