package io.fluxo.pipeline.receivables;

import io.fluxo.sink.opensearch.OpenSearchSettings;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import io.fluxo.bench.BenchCleanup;
import io.fluxo.bench.BenchNames;
import io.fluxo.bench.BenchPlan;
import io.fluxo.bench.BenchReport;
import io.fluxo.bench.Bottleneck;
import io.fluxo.bench.Freshness;
import io.fluxo.bench.FreshnessProbe;
import io.fluxo.bench.MachineInfo;
import io.fluxo.bench.Measurement;
import io.fluxo.bench.Ratio;
import io.fluxo.bench.SinkRawRates;
import io.fluxo.bench.StackProbe;
import io.fluxo.bench.Target;
import io.fluxo.bench.Target.Comparison;
import io.fluxo.bench.Target.Format;
import io.fluxo.bench.Targets;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressListener;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.dynamodb.DynamoDbClients;
import io.fluxo.sink.dynamodb.DynamoDbTables;
import io.fluxo.sink.opensearch.OpenSearchClients;
import io.fluxo.sink.opensearch.OpenSearchIndices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receivables bench: raw DynamoDB BatchWriteItem (1 and 8 writers) and OpenSearch bulk (1 and 2 clients)
 * rates, then the pipeline with sinks none, OpenSearch only and both sinks; freshness is a receivable's
 * scheduling event sent to its lifecycle document searchable in OpenSearch. Each run has its own topics,
 * DynamoDB tables and OpenSearch indices.
 */
public final class ReceivablesBenchPlan implements BenchPlan {
    public static final String DYNAMODB_1 = "dynamodb_batch_write_1";
    public static final String DYNAMODB_8 = "dynamodb_batch_write_8";
    public static final String OPENSEARCH_1 = "opensearch_bulk_1";
    public static final String OPENSEARCH_2 = "opensearch_bulk_2";
    public static final String PIPELINE_OPENSEARCH = "pipeline_opensearch_only";
    public static final String PIPELINE_FULL = "pipeline_dynamodb_opensearch";
    static final String RATIO_DYNAMODB_8 = "dynamodb_raw_8_writers";

    public static final String DYNAMODB = "DynamoDB";
    public static final String OPENSEARCH = "OpenSearch";

    static final double OPENSEARCH_ONLY_EVENTS_PER_S = 10_000;
    static final int SINK_WARMUP_ITEMS = 50;
    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(15);

    /** Tables and indices of the raw sink step and of the opensearch-only run; the others use the topic set names. */
    static final String RAW = "raw";
    static final String OPENSEARCH_ONLY = "os";

    public static final int DEFAULT_SINK_ITEMS = 5_000;
    public static final Flag SINK_ITEMS = new Flag("--sink-items", "N", "receivables: items (DynamoDB) and documents"
            + " (OpenSearch) per raw sink measurement (default " + DEFAULT_SINK_ITEMS + ").", "sink_items",
            DEFAULT_SINK_ITEMS, 100, Integer.MAX_VALUE, null);

    private static final List<Variant> VARIANTS = List.of(
            new Variant(BenchReport.PIPELINE_NONE, "pipeline, sinks none", "none", BenchNames.LOAD,
                    "sinks-none", null, List.of()),
            new Variant(PIPELINE_OPENSEARCH, "pipeline, opensearch only", "opensearch", OPENSEARCH_ONLY, "opensearch-only",
                    OPENSEARCH, List.of()),
            new Variant(PIPELINE_FULL, "pipeline, dynamodb + opensearch", "dynamodb,opensearch", BenchNames.LOAD,
                    "end-to-end", DYNAMODB, List.of(new Reference(RATIO_DYNAMODB_8, "dynamodb raw x8", DYNAMODB_8,
                            "DynamoDB raw (8 writers)"))));

    @Override
    public String pipeline() {
        return ReceivablesPipeline.NAME;
    }

    @Override
    public List<Flag> flags() {
        return List.of(SINK_ITEMS);
    }

    @Override
    public Duration defaultWindow(FluxoConfig config) {
        return DEFAULT_WINDOW;
    }

    @Override
    public String windowHelp() {
        return "15s for receivables";
    }

    @Override
    public Nouns nouns() {
        return new Nouns("events", "receivables", "receivables", "document");
    }

    @Override
    public Sinks allSinks() {
        return new Sinks("dynamodb,opensearch", "both sinks");
    }

    @Override
    public List<Variant> variants() {
        return VARIANTS;
    }

    /**
     * Two, as for transactions: on 2 cores the JIT compiler is still busy with Spark's code through the first pass
     * (transactions' sinks none ran 7,200 events/s steady in its first pass, 11,528 in its second).
     */
    @Override
    public int passes() {
        return 2;
    }

    /** The freshness run writes its own table and index, so it may send the pre-load's receivables again. */
    @Override
    public long freshnessSeed(long seed) {
        return seed;
    }

    @Override
    public Map<String, String> counters() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("history_items", ReceivablesPipeline.HISTORY_ITEMS);
        c.put("documents", ReceivablesPipeline.DOCUMENTS);
        return c;
    }

    @Override
    public String written(FluxoConfig config, Map<String, Long> details) {
        return String.format(Locale.ROOT, "%,d history items, %,d documents", details.get("history_items"),
                details.get("documents"));
    }

    /**
     * DynamoDB for the end-to-end run's history items, OpenSearch for its documents, each at its best raw rate.
     */
    @Override
    public List<Bottleneck.Part> sinkParts(Map<String, Measurement> byKey, long events) {
        Measurement full = byKey.get(PIPELINE_FULL);
        long history = detail(full, "history_items", events);
        long documents = detail(full, "documents", detail(byKey.get(PIPELINE_OPENSEARCH), "documents", -1));
        List<Bottleneck.Part> parts = new ArrayList<>();
        Measurement dynamo = Bottleneck.faster(byKey.get(DYNAMODB_1), byKey.get(DYNAMODB_8));
        if (dynamo != null && dynamo.rate() > 0) {
            parts.add(new Bottleneck.Part(DYNAMODB, history / dynamo.rate(), String.format(Locale.ROOT,
                    "%,d history items at %,.0f/s (raw BatchWriteItem, %s)", history, dynamo.rate(), writers(dynamo))));
        }
        Measurement openSearch = Bottleneck.faster(byKey.get(OPENSEARCH_1), byKey.get(OPENSEARCH_2));
        if (openSearch != null && openSearch.rate() > 0 && documents >= 0) {
            parts.add(new Bottleneck.Part(OPENSEARCH, documents / openSearch.rate(), String.format(Locale.ROOT,
                    "%,d documents at %,.0f/s (raw bulk, %s)", documents, openSearch.rate(), writers(openSearch))));
        }
        return parts;
    }

    private static long detail(Measurement m, String key, long otherwise) {
        return m == null ? otherwise : m.details().getOrDefault(key, otherwise);
    }

    private static String writers(Measurement m) {
        Long writers = m.details().get("writers");
        if (writers != null) {
            return writers + (writers == 1 ? " writer" : " writers");
        }
        Long clients = m.details().get("clients");
        return clients == null ? "?" : clients + (clients == 1 ? " client" : " clients");
    }

    @Override
    public List<Target> targets(Map<String, Measurement> byKey, Freshness freshness, Duration window) {
        Measurement full = byKey.get(PIPELINE_FULL);
        long events = full == null ? 0 : full.count();
        Target endToEnd = Targets.endToEndVsSinks(full, sinkParts(byKey, events), events, "DynamoDB, OpenSearch");
        Measurement openSearchOnly = byKey.get(PIPELINE_OPENSEARCH);
        Target openSearch = new Target("opensearch_only_rate",
                "opensearch only (DynamoDB sink off, steady) >= 10,000 events/s", Comparison.AT_LEAST,
                OPENSEARCH_ONLY_EVENTS_PER_S, openSearchOnly == null ? null : openSearchOnly.steadyRate(), Format.RATE, null);
        return List.of(Targets.sinksNoneVsKafka(byKey), endToEnd, openSearch, Targets.fixedCost(byKey),
                Targets.freshness(freshness, window, "documents"));
    }

    /** What the report tells of DynamoDB and OpenSearch. */
    static MachineInfo.Facts machine(FluxoConfig c, String dynamoDbStorage, String openSearchVersion) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("dynamodb_endpoint", DynamoDbSettings.of(c).endpoint());
        facts.put("dynamodb_storage", dynamoDbStorage);
        facts.put("dynamodb_writers_per_task", DynamoDbSettings.of(c).writers());
        facts.put("opensearch_url", OpenSearchSettings.of(c).url());
        facts.put("opensearch_version", openSearchVersion);
        facts.put("opensearch_bulk_size", OpenSearchSettings.of(c).bulkSize());
        return new MachineInfo.Facts("DynamoDB " + dynamoDbStorage, facts);
    }

    @Override
    public BenchPlan.Run open(Context context) {
        return new Names(context);
    }

    /** One run's names and steps. */
    static final class Names implements BenchPlan.Run {
        private final Context context;
        private final BenchNames names;

        Names(Context context) {
            this.context = context;
            this.names = context.names();
        }

        String topicPrefix(String set) {
            return names.name("bench-", set);
        }

        String table(String suffix) {
            return names.name("Recebiveis-bench-", suffix);
        }

        String index(String suffix) {
            return names.name("ciclo-bench-", suffix);
        }

        @Override
        public List<String> topics() {
            List<String> all = new ArrayList<>();
            for (String set : List.of(BenchNames.LOAD, BenchNames.WARMUP, BenchNames.FRESH, BenchNames.SMALL)) {
                String prefix = topicPrefix(set);
                all.addAll(List.of(prefix + ".agendados", prefix + ".cancelados", prefix + ".negociados", prefix + ".dlq"));
            }
            return all;
        }

        List<String> tables() {
            return List.of(table(RAW), table(BenchNames.WARMUP), table(BenchNames.LOAD), table(BenchNames.FRESH),
                    table(BenchNames.SMALL));
        }

        List<String> indices() {
            return List.of(index(RAW), index(BenchNames.WARMUP), index(OPENSEARCH_ONLY), index(BenchNames.LOAD),
                    index(BenchNames.FRESH), index(BenchNames.SMALL));
        }

        @Override
        public Resources resources() {
            return new Resources("topics " + topicPrefix("") + "*, tables " + table("") + "*, indices " + index("") + "*",
                    "topics, tables, indices");
        }

        /** An output is a table and an index of the same name, but the opensearch-only run writes no table. */
        @Override
        public Map<String, String> overrides(Route route) {
            String prefix = topicPrefix(route.input());
            Map<String, String> o = new HashMap<>();
            o.put("fluxo.receivables.topics.agendados", prefix + ".agendados");
            o.put("fluxo.receivables.topics.cancelados", prefix + ".cancelados");
            o.put("fluxo.receivables.topics.negociados", prefix + ".negociados");
            o.put("fluxo.receivables.dlq-topic", prefix + ".dlq");
            o.put("fluxo.receivables.table", table(route.output().equals(OPENSEARCH_ONLY) ? BenchNames.LOAD : route.output()));
            o.put("fluxo.receivables.index", index(route.output()));
            o.put("fluxo.receivables.sinks", route.sinks());
            o.put("fluxo.receivables.window", route.window().toMillis() + "ms");
            return o;
        }

        @Override
        public MachineInfo.Facts probe(FluxoConfig base) {
            StackProbe.dynamoDb(base);
            String openSearchVersion = StackProbe.openSearch(base);
            return machine(base, StackProbe.dynamoDbStorage(base), openSearchVersion);
        }

        @Override
        public Input input(FluxoConfig config) {
            return new Input(ReceivablesSettings.of(config).topics(), config.kafka().clientProperties(),
                    topicPrefix(BenchNames.LOAD) + ".{agendados,cancelados,negociados}");
        }

        @Override
        public ProduceSummary produce(FluxoConfig config, long count, long seed, double eventsPerSecond,
                ProgressListener progress) {
            return new ReceivablesProducer(config).produce(ReceivablesOptions.defaults(count).withSeed(seed),
                    eventsPerSecond, progress, false);
        }

        @Override
        public SinkRates sinkRates(Meter meter) {
            FluxoConfig raw = context.configs().config(new Route(BenchNames.LOAD, RAW, "dynamodb,opensearch",
                    context.options().window()), "raw");
            String table = ReceivablesSettings.of(raw).table();
            String index = ReceivablesSettings.of(raw).index();
            try {
                DynamoDbTables.ensure(DynamoDbClients.shared(DynamoDbSettings.of(raw)), table,
                        ReceivablesPipeline.HISTORY_PARTITION_KEY, ReceivablesPipeline.HISTORY_SORT_KEY,
                        DynamoDbSettings.of(raw).endpoint());
                OpenSearchIndices.ensure(OpenSearchClients.shared(OpenSearchSettings.of(raw)), index,
                        ReceivablesPipeline.INDEX_MAPPING, OpenSearchSettings.of(raw).url());
            } catch (SinkException e) {
                throw new UserException(e.getMessage(), e);
            }
            long seed = context.options().seed();
            int n = (int) context.options().flag(SINK_ITEMS);
            int total = SINK_WARMUP_ITEMS + 2 * n;
            var items = SyntheticReceivables.historyItems(SyntheticReceivables.events(seed + 1, total));
            long now = System.currentTimeMillis();
            var docs = SyntheticReceivables.documents(SyntheticReceivables.events(seed + 2, 2 * total + 1_000), total,
                    now, ReceivablesSettings.of(raw).window().toMillis());

            SinkRawRates.dynamoDb(DynamoDbSettings.of(raw), table, items.subList(0, SINK_WARMUP_ITEMS), 1);
            Measurement d1 = meter.measure(DYNAMODB_1, "dynamodb BatchWriteItem, 1 writer", n, "items",
                    () -> SinkRawRates.dynamoDb(DynamoDbSettings.of(raw), table, items.subList(SINK_WARMUP_ITEMS, SINK_WARMUP_ITEMS + n),
                            1)).withDetails(Map.of("writers", 1L));
            Measurement d8 = meter.measure(DYNAMODB_8, "dynamodb BatchWriteItem, 8 writers", n, "items",
                    () -> SinkRawRates.dynamoDb(DynamoDbSettings.of(raw), table, items.subList(SINK_WARMUP_ITEMS + n, total), 8))
                    .withDetails(Map.of("writers", 8L));

            SinkRawRates.openSearch(OpenSearchSettings.of(raw), index, docs.subList(0, SINK_WARMUP_ITEMS), 1, now);
            Measurement o1 = meter.measure(OPENSEARCH_1, "opensearch bulk, 1 client", n, "docs",
                    () -> SinkRawRates.openSearch(OpenSearchSettings.of(raw), index,
                            docs.subList(SINK_WARMUP_ITEMS, SINK_WARMUP_ITEMS + n), 1, now))
                    .withDetails(Map.of("clients", 1L));
            Measurement o2 = meter.measure(OPENSEARCH_2, "opensearch bulk, 2 clients", n, "docs",
                    () -> SinkRawRates.openSearch(OpenSearchSettings.of(raw), index, docs.subList(SINK_WARMUP_ITEMS + n, total), 2,
                            now)).withDetails(Map.of("clients", 2L));

            List<String> problems = new ArrayList<>();
            boolean keep = context.options().keep();
            if (!keep) {
                BenchCleanup.deleteTables(raw, List.of(table), problems);
                BenchCleanup.deleteIndices(raw, List.of(index), problems);
            }
            String line = String.format(Locale.ROOT, "sinks raw (best of %d rounds after a warm-up, median in brackets,"
                    + " the same items written again each round): DynamoDB BatchWriteItem %s items/s (1 writer), %s items/s"
                    + " (8 writers); OpenSearch bulk %s docs/s (1 client), %s docs/s (2 clients)%s",
                    d1.details().get("rounds"), bestAndMedian(d1), bestAndMedian(d8), bestAndMedian(o1), bestAndMedian(o2),
                    keep ? "" : "; scratch table and index deleted");
            return new SinkRates(List.of(d1, d8, o1, o2), line, problems);
        }

        private static String bestAndMedian(Measurement m) {
            return String.format(Locale.ROOT, "%,.0f (%,d)", m.rate(), m.details().get("median_rate_per_s"));
        }

        @Override
        public Job prepare(FluxoConfig config) {
            ReceivablesPipeline pipeline = new ReceivablesPipeline();
            pipeline.prepare(config);
            return Job.of("receivables", (spark, availableNow) -> pipeline.start(spark, config, availableNow));
        }

        @Override
        public FreshnessProbe freshnessProbe(FluxoConfig config, Duration every, long queryStartMillis) {
            return new ReceivablesFreshnessProbe(OpenSearchClients.create(OpenSearchSettings.of(config)),
                    ReceivablesSettings.of(config).index(), OpenSearchSettings.of(config).url(), ReceivablesSettings.of(config).agendadosTopic(), every);
        }

        @Override
        public void cleanup(FluxoConfig base, List<String> problems) {
            BenchCleanup.deleteTables(base, tables(), problems);
            BenchCleanup.deleteIndices(base, indices(), problems);
        }
    }
}
