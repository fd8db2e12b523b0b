package io.fluxo.pipeline.commerce;

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
import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.postgres.PostgresSink;
import io.fluxo.sink.postgres.Schema;
import java.math.BigDecimal;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The commerce bench (DESIGN §1.4, §8): PostgreSQL's raw upsert rate of {@code commerce_product_windows} rows (the
 * pipeline's fenced sink class and table spec on the window rows of generated events, no Spark), then the pipeline
 * with sinks none and with PostgreSQL in alternating passes, best of each; freshness is an event sent to its count
 * visible in the {@code tumbling_1m} rows of {@code commerce_product_windows} ({@link CommerceFreshnessProbe}). Each
 * run has its own topics (input, dead letters, enriched) and its own database on the configured PostgreSQL server,
 * seeded with the generator's default catalog ({@link SeedCommerce#seed}).
 *
 * <p>Traffic: {@link CommerceGenerator} with nothing late, out of order or invalid, its event time starting at the
 * wall clock of the production (or just after the newest event time already sent to the same topic, so a second
 * production is never behind the watermark). Sent at a given rate (the freshness run), the generator's pace is that
 * rate, so event time, and with it the watermark, follows wall time. Sent as fast as possible (the pre-load, the
 * warm-up, the small batches, the raw rows), the pace is {@link #THROUGHPUT_PACE}, the generator's own: 20,000
 * events are some 17 minutes of shopping, so that sessions close, alerts fire and windows close as in a live shop
 * (a batch of a tenth of them spans 100 s of event time, so the Kafka partitions read side by side from the backlog
 * stay within seconds of each other; the few events that still fall behind the watermark are counted as late).
 *
 * <p>The raw PostgreSQL rate and the pipeline's are both in events per second: the raw step writes the window rows
 * (tumbling 1 min and sliding 5 min, increments summed per key over a batch of the runs' batch size) that those
 * events make, so their ratio is the pipeline's cost against the sink's alone. The funnel, sessions, alerts and the
 * enriched topic are not in the raw step.
 *
 * <p>Generator seeds: the pre-load uses --seed; the raw rows (+1), the warm-up (+3), the small batches (+5), the
 * freshness warm-up (+4) and the measured freshness events (+6) derive their own.
 */
public final class CommerceBenchPlan implements BenchPlan {
    public static final String POSTGRES_RAW = "postgres_windows_upsert";
    public static final String PIPELINE_POSTGRES = "pipeline_postgres";
    static final String RATIO_POSTGRES = "postgres_raw";
    public static final String POSTGRES = "PostgreSQL";

    /** Events per second of event time of traffic sent as fast as possible. */
    static final double THROUGHPUT_PACE = CommerceGenerator.DEFAULT_PACE;
    static final int PRODUCTS = CommerceGenerator.DEFAULT_PRODUCTS;
    static final int CUSTOMERS = CommerceGenerator.DEFAULT_CUSTOMERS;
    static final long CATALOG_SEED = CommerceGenerator.DEFAULT_CATALOG_SEED;
    static final int POSTGRES_WARMUP_EVENTS = 1_000;
    static final int PASSES = 2;
    /** The goal: the pipeline with PostgreSQL at least half the raw PostgreSQL upsert rate. */
    static final double PIPELINE_VS_POSTGRES_RAW = 0.50;
    static final Duration FRESHNESS_SLACK = Duration.ofSeconds(1);
    /** Every table the pipeline writes, emptied before each PostgreSQL run; the catalog stays. */
    static final String OUTPUT_TABLES = "commerce_product_windows, commerce_funnel, commerce_sessions, commerce_alerts,"
            + " late_events, commerce_watermarks";
    static final String TUMBLING_EVENTS = "select count(*), coalesce(sum(page_views + add_to_carts + purchases), 0)"
            + " from commerce_product_windows where kind = 'tumbling_1m'";

    private static final List<Variant> VARIANTS = List.of(
            new Variant(BenchReport.PIPELINE_NONE, "pipeline, sinks none", "none", "none", "none", null, List.of()),
            new Variant(PIPELINE_POSTGRES, "pipeline, postgres", "postgres", "postgres", "postgres", POSTGRES,
                    List.of(new Reference(RATIO_POSTGRES, "postgres raw", POSTGRES_RAW, "PostgreSQL raw"))));

    /** The configured watermark of the last run opened: a part of the freshness goal. */
    private volatile Duration watermark;

    @Override
    public String pipeline() {
        return CommercePipeline.NAME;
    }

    @Override
    public List<Flag> flags() {
        return List.of();
    }

    @Override
    public String flagNote(String flag) {
        return switch (flag) {
            case "--users" -> "the commerce bench seeds the generator's default catalog (" + PRODUCTS + " products, "
                    + String.format(Locale.ROOT, "%,d", CUSTOMERS) + " customers)";
            case "--sink-items" -> "the commerce bench writes the window rows of --events events to PostgreSQL";
            default -> null;
        };
    }

    @Override
    public Duration defaultWindow(FluxoConfig config) {
        return CommerceSettings.of(config).trigger();
    }

    @Override
    public String windowHelp() {
        return "fluxo.commerce.trigger (5s) for commerce";
    }

    @Override
    public Nouns nouns() {
        return new Nouns("events", "events", "sales_events", "event");
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
        return seed + 6;
    }

    @Override
    public Map<String, String> counters() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("on_time", CommercePipelineNames.ON_TIME);
        c.put("late", CommercePipelineNames.LATE);
        c.put("sessions", CommercePipelineNames.SESSIONS);
        c.put("dead_letters", PipelineMetrics.DEAD_LETTERS);
        return c;
    }

    @Override
    public String written(FluxoConfig config, Map<String, Long> details) {
        return String.format(Locale.ROOT, "%,d on-time events (%,d late), %,d sessions closed%s",
                details.getOrDefault("on_time", 0L), details.getOrDefault("late", 0L),
                details.getOrDefault("sessions", 0L), CommerceSettings.of(config).postgresSink() ? ""
                        : " (enriched events still go to Kafka)");
    }

    /**
     * PostgreSQL for the end-to-end run's events at the raw upsert rate of their window rows. Sinks none still
     * writes the enriched events to Kafka; the window upserts come after them in each batch, so the two add up.
     */
    @Override
    public List<Bottleneck.Part> sinkParts(Map<String, Measurement> byKey, long events) {
        Measurement full = byKey.get(PIPELINE_POSTGRES);
        long onTime = full == null ? events : full.details().getOrDefault("on_time", events);
        Measurement postgres = byKey.get(POSTGRES_RAW);
        if (postgres == null || !(postgres.rate() > 0)) {
            return List.of();
        }
        return List.of(new Bottleneck.Part(POSTGRES, onTime / postgres.rate(), String.format(Locale.ROOT,
                "window rows of %,d events at %,.0f events/s (raw COPY + upsert, 1 connection)", onTime,
                postgres.rate())));
    }

    @Override
    public List<Target> targets(Map<String, Measurement> byKey, Freshness freshness, Duration window) {
        return List.of(Targets.sinksNoneVsKafka(byKey), pipelineVsPostgresRaw(byKey), Targets.fixedCost(byKey),
                freshness(freshness, window, watermarkOf(byKey)));
    }

    /** The issue's: the pipeline with PostgreSQL (steady) at least half the raw upsert rate of the same events' rows. */
    static Target pipelineVsPostgresRaw(Map<String, Measurement> byKey) {
        Measurement full = byKey.get(PIPELINE_POSTGRES);
        Measurement raw = byKey.get(POSTGRES_RAW);
        return new Target("pipeline_postgres_vs_postgres_raw", "pipeline with postgres (steady) >= 50% of raw"
                + " PostgreSQL window upserts", Comparison.AT_LEAST, PIPELINE_VS_POSTGRES_RAW,
                full == null || raw == null ? null : Ratio.of(full.steadyRate(), raw.rate()), Format.PERCENT, null);
    }

    /** The issue's: freshness p99 at most the trigger interval plus the watermark plus 1 s. */
    static Target freshness(Freshness freshness, Duration trigger, Duration watermark) {
        return Targets.freshness(freshness, trigger.plus(watermark).plus(FRESHNESS_SLACK),
                "trigger + watermark " + BenchReport.durationText(watermark) + " + 1 s", "events");
    }

    /** The watermark the freshness run ran with (its row's details), else the one of the run opened, else 10 s. */
    Duration watermarkOf(Map<String, Measurement> byKey) {
        Measurement fresh = byKey.get(BenchReport.FRESHNESS);
        Long ms = fresh == null ? null : fresh.details().get(CommerceFreshnessProbe.WATERMARK_DETAIL);
        if (ms != null) {
            return Duration.ofMillis(ms);
        }
        Duration opened = watermark;
        return opened != null ? opened : DEFAULT_WATERMARK;
    }

    static final Duration DEFAULT_WATERMARK = Duration.ofSeconds(10);

    /** What the report tells of the topics and PostgreSQL. */
    static MachineInfo.Facts machine(FluxoConfig c, PostgresSettings server, String postgresVersion) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("topic_partitions", CommerceSettings.of(c).partitions());
        facts.put("commerce_watermark_ms", CommerceSettings.of(c).watermark().toMillis());
        facts.put("postgres_url", server.url());
        facts.put("postgres_version", postgresVersion);
        facts.put("postgres_pool_size", server.poolSize());
        return new MachineInfo.Facts("PostgreSQL " + postgresVersion, facts);
    }

    /** Where a production's event time starts: now, or just after the newest event time already sent to its topic. */
    static long startMillis(long nowMillis, Long newestSentMillis) {
        return newestSentMillis == null ? nowMillis : Math.max(nowMillis, newestSentMillis + 1);
    }

    /** The generator's pace: the send rate when there is one, else {@link #THROUGHPUT_PACE}. */
    static double pace(double eventsPerSecond) {
        return eventsPerSecond > 0 ? eventsPerSecond : THROUGHPUT_PACE;
    }

    /** Bench traffic: the default catalog, nothing late, out of order or invalid. */
    static CommerceGenerator.Options traffic(long seed, long count, long startMillis, double pace) {
        return new CommerceGenerator.Options(seed, count, PRODUCTS, CUSTOMERS, CATALOG_SEED, startMillis, pace, 0, 0, 0);
    }

    /** The newest event time of these options' records (the generator is deterministic: no clock). */
    static long newestEventTime(CommerceGenerator.Options options, CommerceExpectation.Assumptions assumptions,
            int maxPayloadBytes) {
        CommerceGenerator g = new CommerceGenerator(options, assumptions, maxPayloadBytes, false);
        long newest = Long.MIN_VALUE;
        while (g.hasNext()) {
            CommerceGenerator.Sent s = g.next();
            if (s.event() != null) {
                newest = Math.max(newest, s.event().eventTimeMillis());
            }
        }
        return newest;
    }

    /**
     * The rows of {@code commerce_product_windows} these on-time events make in one batch, as the pipeline's writer
     * makes them: per (kind, window start, product), the counts and revenue summed, the average of the sums; one
     * unit a row, in the order of their keys.
     *
     * @param categories the catalog's category of each product id; an unknown product has none
     */
    static List<List<PostgresSink.Row>> windowRows(List<CommerceExpectation.Event> events, Map<String, String> categories) {
        TreeMap<String, long[]> counts = new TreeMap<>();
        Map<String, BigDecimal> revenue = new HashMap<>();
        Map<String, Object[]> keys = new HashMap<>();
        for (CommerceExpectation.Event e : events) {
            for (WindowKind k : WindowKind.values()) {
                for (long start : k.starts(e.eventTimeMillis())) {
                    String key = k.label() + "|" + start + "|" + e.productId();
                    long[] c = counts.computeIfAbsent(key, x -> new long[3]);
                    keys.putIfAbsent(key, new Object[] {k, start, e.productId()});
                    switch (e.type()) {
                        case PAGE_VIEW -> c[0]++;
                        case ADD_TO_CART -> c[1]++;
                        case PURCHASE -> {
                            c[2]++;
                            revenue.merge(key, e.amount(), BigDecimal::add);
                        }
                    }
                }
            }
        }
        List<List<PostgresSink.Row>> units = new ArrayList<>(counts.size());
        counts.forEach((key, c) -> {
            Object[] k = keys.get(key);
            WindowKind kind = (WindowKind) k[0];
            long start = (Long) k[1];
            String product = (String) k[2];
            BigDecimal sum = revenue.getOrDefault(key, BigDecimal.ZERO).setScale(2);
            units.add(List.of(PostgresSink.Row.of(CommerceTables.WINDOWS, kind.label(), Instant.ofEpochMilli(start),
                    Instant.ofEpochMilli(start + kind.sizeMillis()), product, categories.get(product), c[0], c[1], c[2],
                    sum, Ratios.average(sum, c[2]))));
        });
        return units;
    }

    @Override
    public BenchPlan.Run open(Context context) {
        watermark = CommerceSettings.of(context.configured()).watermark();
        return new Names(context);
    }

    /** One run's names, its databases, the ids of the queries it started and what it sent to each topic. */
    static final class Names implements BenchPlan.Run {
        private final Context context;
        private final BenchNames names;
        private final PostgresSettings server;
        private final PostgresSettings benchDb;
        private final List<String> queryIds = new CopyOnWriteArrayList<>();
        private final Map<String, CommerceGenerator.Options> lastSent = new ConcurrentHashMap<>();
        private volatile boolean databaseCreated;
        private volatile boolean scratchCreated;

        Names(Context context) {
            this.context = context;
            this.names = context.names();
            this.server = PostgresSettings.of(context.configured());
            this.benchDb = BenchDatabases.at(server, database());
        }

        String inputTopic(String set) {
            return names.name("bench-", "commerce" + (set.isEmpty() ? "" : "-" + set)) + ".sales_events";
        }

        /** A run's dead-letter and enriched topics. */
        List<String> runTopics(String run) {
            String prefix = names.name("bench-", "commerce-" + run);
            return List.of(prefix + ".dlq", prefix + ".enriched");
        }

        /** The run's database: the catalog, the pipeline runs' tables. */
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
            return new Resources("topics " + names.name("bench-", "commerce") + "*, databases " + database() + "* at "
                    + BenchDatabases.withDatabase(server.url(), ""), "topics, databases");
        }

        /** An output is a pair of dead-letter and enriched topics; every run reads its input from the start. */
        @Override
        public Map<String, String> overrides(Route route) {
            List<String> out = runTopics(route.output());
            Map<String, String> o = new HashMap<>();
            o.put("fluxo.commerce.topic", inputTopic(route.input()));
            o.put("fluxo.commerce.dlq-topic", out.get(0));
            o.put("fluxo.commerce.enriched-topic", out.get(1));
            o.put("fluxo.commerce.sinks", route.sinks());
            o.put("fluxo.commerce.trigger", route.window().toMillis() + "ms");
            // The pre-loaded events are the input: a configured "latest" would read none of them.
            o.put("fluxo.commerce.starting-offsets", "earliest");
            o.put("fluxo.postgres.url", benchDb.url());
            return o;
        }

        @Override
        public MachineInfo.Facts probe(FluxoConfig base) {
            return machine(base, server, BenchDatabases.serverVersion(server));
        }

        /** The bench database (schema, catalog) serves the pipeline runs; the raw step has a scratch one. */
        @Override
        public void setUp() {
            if (!context.options().pipelines() && !context.options().freshness()) {
                return;
            }
            BenchDatabases.create(server, database());
            databaseCreated = true;
            Schema.Result schema;
            try {
                schema = Schema.migrate(PostgresDataSources.shared(benchDb));
            } catch (SinkException e) {
                throw new UserException(e.getMessage(), e);
            }
            SeedCommerce.seed(benchDb, PRODUCTS, CUSTOMERS, CATALOG_SEED);
            context.out().printf(Locale.ROOT, "database %s: schema version %s, %d products, %,d customers (catalog seed"
                    + " %d)%n", database(), schema.version(), PRODUCTS, CUSTOMERS, CATALOG_SEED);
            context.out().flush();
        }

        @Override
        public Input input(FluxoConfig config) {
            return Input.unwaited(CommerceSettings.of(config).topic(), config);
        }

        /**
         * Bench traffic to the configured topic, its event time from now, or from just after the newest event time
         * this run sent there before (found again by running the earlier production's generator, without Kafka).
         */
        @Override
        public ProduceSummary produce(FluxoConfig config, long count, long seed, double eventsPerSecond,
                ProgressListener progress) {
            CommerceSettings s = CommerceSettings.of(config);
            CommerceExpectation.Assumptions assumptions = CommerceProducer.assumptions(s);
            CommerceGenerator.Options before = lastSent.get(s.topic());
            Long newest = before == null ? null : newestEventTime(before, assumptions, s.maxPayloadBytes());
            CommerceGenerator.Options options = traffic(seed, count, startMillis(System.currentTimeMillis(), newest),
                    pace(eventsPerSecond));
            lastSent.put(s.topic(), options);
            return CommerceProducer.of(config).produce(options, eventsPerSecond, progress, false);
        }

        /**
         * The pipeline's own sink class and table spec ({@link CommerceTables#WINDOWS}) on the window rows the
         * pipeline would write for generated events, in a scratch database: per batch of the runs' batch size, the
         * increments summed per key, then COPY into a temporary table and one upsert that adds them to the rows, fence
         * row, one transaction per batch, one connection — what each of the pipeline's writes of windows does, without
         * Kafka or Spark. Events and rows are made outside the clock; each round's events are new, later in event
         * time, so a round inserts windows and updates the ones its batches share, as the pipeline does.
         */
        @Override
        public SinkRates sinkRates(Meter meter) {
            String scratch = scratchDatabase();
            BenchDatabases.create(server, scratch);
            scratchCreated = true;
            PostgresSettings raw = BenchDatabases.at(server, scratch);
            try {
                Schema.migrate(PostgresDataSources.shared(raw));
            } catch (SinkException e) {
                throw new UserException(e.getMessage(), e);
            }
            long n = context.options().events();
            int batch = (int) Math.min(Integer.MAX_VALUE, context.options().eventsPerBatch());
            CommerceSettings settings = CommerceSettings.of(context.configured());
            CommerceGenerator generated = new CommerceGenerator(traffic(context.options().seed() + 1,
                    POSTGRES_WARMUP_EVENTS + Meter.RUNS * n, System.currentTimeMillis(), THROUGHPUT_PACE),
                    CommerceProducer.assumptions(settings), settings.maxPayloadBytes(), false);
            Map<String, String> categories = new HashMap<>();
            CommerceCatalog.products(PRODUCTS, CATALOG_SEED).forEach(p -> categories.put(p.productId(), p.category()));
            PostgresSink sink = new PostgresSink(raw, "bench-raw-" + names.runId());
            long[] batchId = {0};
            long[] rows = {0};
            long[] rounds = {0};
            Measurement m;
            try {
                write(sink, batchId[0]++, windowRows(next(generated, POSTGRES_WARMUP_EVENTS), categories));
                m = meter.measure(POSTGRES_RAW, "postgres window upserts (sink class, no Spark)", n, "events", () -> {
                    long nanos = 0;
                    rows[0] = 0;
                    rounds[0]++;
                    for (long left = n; left > 0; ) {
                        int size = (int) Math.min(left, batch);
                        List<List<PostgresSink.Row>> units = windowRows(next(generated, size), categories);
                        rows[0] += units.size();
                        long started = System.nanoTime();
                        write(sink, batchId[0]++, units);
                        nanos += System.nanoTime() - started;
                        left -= size;
                    }
                    return Duration.ofNanos(nanos);
                });
            } catch (SinkException e) {
                throw new UserException(e.getMessage(), e);
            }
            long batches = (batchId[0] - 1) / Math.max(1, rounds[0]);
            long events = tumblingEvents(raw)[1];
            if (events != POSTGRES_WARMUP_EVENTS + rounds[0] * n) {
                throw new IllegalStateException("Cannot trust the raw PostgreSQL measurement: the tumbling_1m rows of"
                        + " commerce_product_windows in " + scratch + " count " + events + " events, "
                        + (POSTGRES_WARMUP_EVENTS + rounds[0] * n) + " were written");
            }
            m = m.withDetails(Map.of("rows", rows[0], "batches", batches, "connections", 1L));
            List<String> problems = new ArrayList<>();
            boolean keep = context.options().keep();
            if (!keep) {
                BenchDatabases.drop(server, scratch, true, problems);
                scratchCreated = !problems.isEmpty();
            }
            String line = String.format(Locale.ROOT, "raw PostgreSQL: the commerce_product_windows rows of %,d events"
                    + " (%,d rows, tumbling 1 min and sliding 5 min) by COPY + upsert in %d batch%s, 1 connection, in"
                    + " %.2f s (%,.0f events/s, %,.0f rows/s, best of %d rounds after a warm-up; median %,d events/s)%s",
                    n, rows[0], batches, batches == 1 ? "" : "es", m.seconds(), m.rate(),
                    m.seconds() > 0 ? rows[0] / m.seconds() : 0.0, m.details().get("rounds"),
                    m.details().get("median_rate_per_s"), keep ? "" : "; scratch database dropped");
            return new SinkRates(List.of(m), line, problems);
        }

        private static List<CommerceExpectation.Event> next(CommerceGenerator generator, int count) {
            List<CommerceExpectation.Event> events = new ArrayList<>(count);
            while (events.size() < count) {
                CommerceGenerator.Sent s = generator.next();
                if (s.event() != null) {
                    events.add(s.event());
                }
            }
            return events;
        }

        private static void write(PostgresSink sink, long batchId, List<List<PostgresSink.Row>> units) {
            List<PostgresSink.Refusal> refused = sink.writeAll(batchId, units).refused();
            if (!refused.isEmpty()) {
                throw new IllegalStateException("PostgreSQL refused " + refused.size() + " window row(s) of raw batch "
                        + batchId + ": " + refused.get(0).message() + " (SQLSTATE " + refused.get(0).sqlState() + ")");
            }
        }

        @Override
        public Job prepare(FluxoConfig config) {
            CommercePipeline pipeline = new CommercePipeline();
            pipeline.prepare(config);
            return Job.of(CommercePipeline.NAME, (spark, availableNow) -> {
                var query = pipeline.start(spark, config, availableNow);
                queryIds.add(query.id().toString());
                return query;
            });
        }

        /** Every pass writes into empty tables; a later pass would otherwise add to the windows of an earlier one. */
        @Override
        public void beforeVariant(FluxoConfig config) {
            if (CommerceSettings.of(config).postgresSink()) {
                execute(benchDb, "truncate " + OUTPUT_TABLES);
            }
        }

        /**
         * The tumbling windows must count every event the run judged on time, and on time and late must make up all
         * the events (bench traffic has none late by construction; the pipeline may still judge a few late when it
         * reads the partitions of a backlog unevenly, which the details show).
         */
        @Override
        public Map<String, Long> afterVariant(FluxoConfig config, int restarts) {
            if (!CommerceSettings.of(config).postgresSink()) {
                return Map.of();
            }
            long[] windows = tumblingEvents(benchDb);
            long late = count(benchDb, "select count(*) from late_events");
            long events = context.options().events();
            if (restarts == 0 && windows[1] + late != events) {
                throw new IllegalStateException("Cannot trust the pipeline run: the tumbling_1m rows of"
                        + " commerce_product_windows count " + windows[1] + " events and late_events holds " + late
                        + ", " + events + " events were produced");
            }
            Map<String, Long> d = new LinkedHashMap<>();
            d.put("tumbling_rows", windows[0]);
            d.put("events_in_windows", windows[1]);
            d.put("rows_in_late_events", late);
            return d;
        }

        /**
         * Empties the pipeline's tables first (the warm-up and the PostgreSQL passes wrote them): the probe counts
         * every event in the tumbling windows as this run's.
         */
        @Override
        public FreshnessProbe freshnessProbe(FluxoConfig config, Duration every, long queryStartMillis) {
            execute(benchDb, "truncate " + OUTPUT_TABLES);
            CommerceSettings s = CommerceSettings.of(config);
            return new CommerceFreshnessProbe(benchDb, database(), s.topic(), config.kafka().clientProperties(), every,
                    s.watermark());
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

        /** The consumer groups the Kafka sink commits its fences to: fluxo.commerce.fence.<query id>.kafka.p<n>. */
        private void deleteFenceGroups(FluxoConfig base, List<String> problems) {
            List<String> prefixes = queryIds.stream().distinct()
                    .map(id -> "fluxo." + CommercePipeline.NAME + ".fence." + id).toList();
            if (prefixes.isEmpty()) {
                return;
            }
            Map<String, Object> props = new HashMap<>(base.kafka().clientProperties());
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
            List<String> groups = prefixes;
            try (Admin admin = Admin.create(props)) {
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
                problems.add("Cannot delete the bench's fence consumer groups (e.g. " + (groups.isEmpty()
                        ? prefixes.get(0) : groups.get(0)) + "): " + e.getMessage());
            }
        }
    }

    /** The tumbling_1m rows of commerce_product_windows: how many, and the events they count. */
    private static long[] tumblingEvents(PostgresSettings db) {
        try (Connection c = PostgresDataSources.shared(db).getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(TUMBLING_EVENTS)) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2)};
        } catch (SQLException e) {
            throw new UserException("Cannot query " + db.url() + " (" + TUMBLING_EVENTS + "): "
                    + BenchDatabases.firstLine(e), e);
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
