package io.fluxo.pipeline.receivables;

import io.fluxo.pipeline.PipelineRegistry;
import static io.fluxo.bench.BenchFixtures.bottleneck;
import static io.fluxo.bench.BenchFixtures.byKey;
import static io.fluxo.bench.BenchFixtures.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxo.bench.BenchFixtures;
import io.fluxo.bench.BenchNames;
import io.fluxo.bench.BenchOptions;
import io.fluxo.bench.BenchPlan;
import io.fluxo.bench.BenchReport;
import io.fluxo.bench.Bottleneck;
import io.fluxo.bench.Freshness;
import io.fluxo.bench.LatencySummary;
import io.fluxo.bench.MachineInfo;
import io.fluxo.bench.Measurement;
import io.fluxo.bench.Target;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReceivablesBenchPlanTest {
    static final long MIB = BenchFixtures.MIB;
    static final ReceivablesBenchPlan PLAN = new ReceivablesBenchPlan();

    static BenchOptions options(Duration window) {
        return new BenchOptions(20_000, 1_000, 200, window, 42, null, false, true, true, true,
                Map.of(ReceivablesBenchPlan.SINK_ITEMS, 5_000L));
    }

    static ReceivablesBenchPlan.Names run() {
        return (ReceivablesBenchPlan.Names) BenchFixtures.open(PLAN, options(Duration.ofSeconds(1)));
    }

    // ---------------------------------------------------------------- names

    @Test
    void everyNameCarriesTheRunId() {
        ReceivablesBenchPlan.Names names = run();
        assertThat(names.topics().subList(0, 4)).containsExactly("bench-20250304-050607-abcd.agendados",
                "bench-20250304-050607-abcd.cancelados", "bench-20250304-050607-abcd.negociados",
                "bench-20250304-050607-abcd.dlq");
        assertThat(names.topics()).hasSize(16).doesNotHaveDuplicates()
                .allMatch(t -> t.startsWith("bench-20250304-050607-abcd"))
                .contains("bench-20250304-050607-abcd-fresh.agendados", "bench-20250304-050607-abcd-warmup.dlq");
        assertThat(names.table(BenchNames.LOAD)).isEqualTo("Recebiveis-bench-20250304-050607-abcd");
        assertThat(names.table(ReceivablesBenchPlan.RAW)).isEqualTo("Recebiveis-bench-20250304-050607-abcd-raw");
        assertThat(names.index(ReceivablesBenchPlan.OPENSEARCH_ONLY)).isEqualTo("ciclo-bench-20250304-050607-abcd-os");
        assertThat(names.tables()).hasSize(5);
        assertThat(names.indices()).hasSize(6).allMatch(i -> i.equals(i.toLowerCase(Locale.ROOT)));
        assertThat(names.resources().names()).isEqualTo("topics bench-20250304-050607-abcd*, tables"
                + " Recebiveis-bench-20250304-050607-abcd*, indices ciclo-bench-20250304-050607-abcd*");
        assertThat(names.resources().kinds()).isEqualTo("topics, tables, indices");
    }

    @Test
    void overridesPointThePipelineAtTheRunsNames() {
        Map<String, String> o = run().overrides(new BenchPlan.Route(BenchNames.LOAD, BenchNames.LOAD, "none",
                Duration.ofSeconds(1)));
        assertThat(o).containsExactlyInAnyOrderEntriesOf(Map.of(
                "fluxo.receivables.topics.agendados", "bench-20250304-050607-abcd.agendados",
                "fluxo.receivables.topics.cancelados", "bench-20250304-050607-abcd.cancelados",
                "fluxo.receivables.topics.negociados", "bench-20250304-050607-abcd.negociados",
                "fluxo.receivables.dlq-topic", "bench-20250304-050607-abcd.dlq",
                "fluxo.receivables.table", "Recebiveis-bench-20250304-050607-abcd",
                "fluxo.receivables.index", "ciclo-bench-20250304-050607-abcd",
                "fluxo.receivables.sinks", "none",
                "fluxo.receivables.window", "1000ms"));
        Map<String, String> openSearchOnly = run().overrides(new BenchPlan.Route(BenchNames.LOAD,
                ReceivablesBenchPlan.OPENSEARCH_ONLY, "opensearch", Duration.ofSeconds(15)));
        assertThat(openSearchOnly).containsEntry("fluxo.receivables.table", "Recebiveis-bench-20250304-050607-abcd")
                .containsEntry("fluxo.receivables.index", "ciclo-bench-20250304-050607-abcd-os")
                .containsEntry("fluxo.receivables.window", "15000ms");
        Map<String, String> fresh = run().overrides(new BenchPlan.Route(BenchNames.FRESH, BenchNames.FRESH,
                "dynamodb,opensearch", Duration.ofSeconds(15)));
        assertThat(fresh).containsEntry("fluxo.receivables.topics.agendados", "bench-20250304-050607-abcd-fresh.agendados")
                .containsEntry("fluxo.receivables.table", "Recebiveis-bench-20250304-050607-abcd-fresh")
                .containsEntry("fluxo.receivables.index", "ciclo-bench-20250304-050607-abcd-fresh");
    }

    @Test
    void theVariantsAreSinksNoneThenOpenSearchThenBoth() {
        assertThat(PLAN.variants()).extracting(BenchPlan.Variant::key).containsExactly("pipeline_sinks_none",
                "pipeline_opensearch_only", "pipeline_dynamodb_opensearch");
        assertThat(PLAN.variants()).extracting(BenchPlan.Variant::checkpoint).containsExactly("sinks-none",
                "opensearch-only", "end-to-end");
        assertThat(PLAN.passes()).isEqualTo(2);
        assertThat(PLAN.freshnessSeed(42)).isEqualTo(42);
        assertThat(PLAN.defaultWindow(PipelineRegistry.defaultConfig())).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void sinkItemsIsAtLeastAHundred() {
        assertThatThrownBy(() -> ReceivablesBenchPlan.SINK_ITEMS.check(10)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --sink-items: 10 (must be at least 100)");
        assertThat(ReceivablesBenchPlan.SINK_ITEMS.defaultValue()).isEqualTo(5_000);
    }

    // ---------------------------------------------------------------- report

    static BenchReport report() {
        MachineInfo machine = new MachineInfo(2, 4096 * MIB, 24 * 1024 * MIB, "17.0.15", "Debian", "Linux", "4.1.0",
                "local[*]", 4, "3.9.1", "localhost:9092",
                ReceivablesBenchPlan.machine(PipelineRegistry.defaultConfig(), "in-memory", "2.19.2"));
        List<Measurement> rows = List.of(
                Measurement.of(BenchReport.KAFKA_RAW, "kafka raw consume", 20_000, "events", Duration.ofMillis(100), 80 * MIB),
                Measurement.of(ReceivablesBenchPlan.DYNAMODB_8, "dynamodb BatchWriteItem, 8 writers", 5_000, "items",
                        Duration.ofMillis(1_000), -1).withDetails(Map.of("writers", 8L)),
                Measurement.of(BenchReport.PIPELINE_NONE, "pipeline, sinks none", 20_000, "events", Duration.ofMillis(8_000),
                        612 * MIB),
                Measurement.of(ReceivablesBenchPlan.PIPELINE_FULL, "pipeline, dynamodb + opensearch", 20_000, "events",
                        Duration.ofMillis(10_000), 1_700 * MIB).withDetails(Map.of("history_items", 20_000L, "documents", 12_413L)));
        Freshness f = new Freshness(Duration.ofSeconds(1), 200, 1_000, Duration.ofSeconds(5), 617, 617, 100,
                Duration.ofMillis(200), LatencySummary.of(new long[] {1_000, 2_000, 3_000}));
        return BenchReport.build(PLAN, "20250101-120000-ab12", Instant.parse("2025-01-01T12:00:00Z"),
                Instant.parse("2025-01-01T12:01:20Z"), options(Duration.ofSeconds(1)), machine, rows, f);
    }

    @Test
    void tableHasOneAlignedRowPerMeasurement() {
        String table = report().table();
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).isEqualTo("receivables bench 20250101-120000-ab12: 20,000 events, window 1s | 2 cores,"
                + " max heap 4,096 MiB, Java 17.0.15, Spark 4.1.0, DynamoDB in-memory");
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("measurement")).findFirst().orElseThrow());
        assertThat(lines.get(header + 1)).matches("-+");
        List<String> rows = lines.subList(header + 2, header + 6);
        assertThat(rows.get(0)).startsWith("kafka raw consume ").contains("20,000  events").contains("200,000").endsWith("80");
        assertThat(rows.get(1)).contains("5,000  items").endsWith("-");
        assertThat(rows.get(2)).containsPattern("2,500 +- +0\\.013x kafka raw").endsWith("612");
        assertThat(rows.get(3)).contains("0.010x kafka raw, 0.400x dynamodb raw x8").endsWith("1,700");
        assertThat(table).contains("freshness (window 1s, 1,000 events at 200/s, 617 of 617 receivables seen):"
                + " p50 2,000 ms  p95 3,000 ms  p99 3,000 ms  max 3,000 ms");
        assertThat(table).contains("bottleneck: pipeline alone.");
        assertThat(table).contains("  [NOT MET] sinks none (steady) >= 25% of raw Kafka consume: 1.3% (needs >= 25.0%)");
        assertThat(table).contains("  [n/a]     opensearch only (DynamoDB sink off, steady) >= 10,000 events/s: not measured");
    }

    @Test
    void jsonHasTheSameNumbers() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report().toJson());
        assertThat(json.path("pipeline").asText()).isEqualTo("receivables");
        assertThat(json.path("run_id").asText()).isEqualTo("20250101-120000-ab12");
        assertThat(json.path("options").path("window_ms").asLong()).isEqualTo(1_000);
        assertThat(json.path("options").path("sink_items").asLong()).isEqualTo(5_000);
        assertThat(json.path("machine").path("cores").asInt()).isEqualTo(2);
        assertThat(json.path("machine").path("max_heap_mib").asLong()).isEqualTo(4_096);
        assertThat(json.path("machine").path("dynamodb_storage").asText()).isEqualTo("in-memory");
        assertThat(json.path("machine").path("opensearch_version").asText()).isEqualTo("2.19.2");
        List<String> machine = new ArrayList<>();
        json.path("machine").fieldNames().forEachRemaining(machine::add);
        assertThat(machine).containsExactly("cores", "max_heap_mib", "physical_memory_mib", "java_version", "java_vendor",
                "os", "spark_version", "spark_master", "spark_shuffle_partitions", "kafka_clients_version",
                "kafka_bootstrap_servers", "dynamodb_endpoint", "dynamodb_storage", "dynamodb_writers_per_task",
                "opensearch_url", "opensearch_version", "opensearch_bulk_size");

        JsonNode rows = json.path("measurements");
        assertThat(rows).hasSize(4);
        JsonNode full = rows.get(3);
        assertThat(full.path("key").asText()).isEqualTo("pipeline_dynamodb_opensearch");
        assertThat(full.path("seconds").decimalValue()).isEqualByComparingTo("10");
        assertThat(full.path("rate_per_s").decimalValue()).isEqualByComparingTo("2000");
        assertThat(full.path("ratios").path("kafka_raw").doubleValue()).isEqualTo(0.01);
        assertThat(full.path("ratios").path("dynamodb_raw_8_writers").doubleValue()).isEqualTo(0.4);
        assertThat(full.path("peak_heap_mib").doubleValue()).isEqualTo(1_700.0);
        assertThat(full.path("details").path("documents").asLong()).isEqualTo(12_413);
        assertThat(rows.get(1).path("peak_heap_mib").isNull()).isTrue();

        JsonNode f = json.path("freshness");
        assertThat(f.path("receivables").asLong()).isEqualTo(617);
        assertThat(f.path("p50_ms").asLong()).isEqualTo(2_000);
        assertThat(f.path("p99_ms").asLong()).isEqualTo(3_000);
        assertThat(f.path("missing").asLong()).isZero();

        assertThat(json.path("bottleneck").path("component").asText()).isEqualTo("pipeline alone");
        assertThat(json.path("bottleneck").path("seconds").path("DynamoDB").doubleValue()).isEqualTo(4.0);
        JsonNode targets = json.path("targets");
        assertThat(targets).hasSize(5);
        assertThat(targets.get(0).path("key").asText()).isEqualTo("sinks_none_vs_kafka_raw");
        assertThat(targets.get(0).path("met").asBoolean()).isFalse();
        assertThat(targets.get(2).path("key").asText()).isEqualTo("opensearch_only_rate");
        assertThat(targets.get(2).path("met").isNull()).isTrue();
        assertThat(targets.get(2).path("actual").isNull()).isTrue();
        assertThat(report().toJson()).doesNotContain("E+");
    }

    @Test
    void pipelineRowsAreComparedWithRawKafkaAndTheEndToEndRunAlsoWithDynamoDb() {
        BenchReport r = BenchReport.build(PLAN, "x", null, null, options(Duration.ofSeconds(1)), report().machine(),
                List.of(m(BenchReport.KAFKA_RAW, 20_000, 200),
                        m(ReceivablesBenchPlan.DYNAMODB_8, 5_000, 1_000),
                        m(BenchReport.PIPELINE_NONE, 20_000, 4_000),
                        m(ReceivablesBenchPlan.PIPELINE_FULL, 20_000, 5_000)), null);
        Map<String, Measurement> byKey = r.byKey();
        assertThat(byKey.get(BenchReport.KAFKA_RAW).ratios()).isEmpty();
        assertThat(byKey.get(ReceivablesBenchPlan.DYNAMODB_8).ratios()).isEmpty();
        assertThat(byKey.get(BenchReport.PIPELINE_NONE).ratio("kafka_raw")).isEqualTo(0.05);
        assertThat(byKey.get(BenchReport.PIPELINE_NONE).ratio(ReceivablesBenchPlan.RATIO_DYNAMODB_8)).isNull();
        assertThat(byKey.get(ReceivablesBenchPlan.PIPELINE_FULL).ratio("kafka_raw")).isEqualTo(0.04);
        assertThat(byKey.get(ReceivablesBenchPlan.PIPELINE_FULL).ratio(ReceivablesBenchPlan.RATIO_DYNAMODB_8))
                .isEqualTo(0.8);
    }

    // ---------------------------------------------------------------- bottleneck

    @Test
    void theSlowestPartForTheEndToEndWorkIsTheBottleneck() {
        Bottleneck b = bottleneck(PLAN, List.of(
                m(ReceivablesBenchPlan.DYNAMODB_1, 5_000, 2_000).withDetails(Map.of("writers", 1L)),
                m(ReceivablesBenchPlan.DYNAMODB_8, 5_000, 1_000).withDetails(Map.of("writers", 8L)),   // 5,000/s
                m(ReceivablesBenchPlan.OPENSEARCH_1, 5_000, 1_000).withDetails(Map.of("clients", 1L)),
                m(ReceivablesBenchPlan.OPENSEARCH_2, 5_000, 500).withDetails(Map.of("clients", 2L)),   // 10,000/s
                m(BenchReport.PIPELINE_NONE, 20_000, 2_000),                                           // 10,000/s
                m(ReceivablesBenchPlan.PIPELINE_OPENSEARCH, 20_000, 3_500),
                m(ReceivablesBenchPlan.PIPELINE_FULL, 20_000, 8_000)
                        .withDetails(Map.of("history_items", 20_000L, "documents", 12_000L))));
        assertThat(b.component()).isEqualTo(ReceivablesBenchPlan.DYNAMODB);
        assertThat(b.secondsByComponent()).containsExactly(Map.entry(Bottleneck.PIPELINE, 2.0),
                Map.entry(ReceivablesBenchPlan.DYNAMODB, 4.0), Map.entry(ReceivablesBenchPlan.OPENSEARCH, 1.2));
        assertThat(b.text()).startsWith("bottleneck: DynamoDB.")
                .contains("20,000 history items at 5,000/s (raw BatchWriteItem, 8 writers)")
                .contains("12,000 documents at 10,000/s (raw bulk, 2 clients)")
                .contains("the OpenSearch sink added 1.5 s to sinks none, the DynamoDB sink 4.5 s more");
    }

    @Test
    void thePipelineItselfCanBeTheBottleneck() {
        Bottleneck b = bottleneck(PLAN, List.of(
                m(ReceivablesBenchPlan.DYNAMODB_8, 5_000, 1_000).withDetails(Map.of("writers", 8L)),
                m(BenchReport.PIPELINE_NONE, 20_000, 7_000)));
        assertThat(b.component()).isEqualTo(Bottleneck.PIPELINE);
        assertThat(b.secondsByComponent()).containsOnlyKeys(Bottleneck.PIPELINE, ReceivablesBenchPlan.DYNAMODB);
    }

    @Test
    void noPipelineRunNoBottleneck() {
        assertThat(bottleneck(PLAN, List.of(m(ReceivablesBenchPlan.DYNAMODB_8, 5_000, 1_000)))).isNull();
    }

    // ---------------------------------------------------------------- targets

    static Freshness freshness(long receivables, int measured, long p99) {
        return BenchFixtures.freshness(Duration.ofSeconds(1), receivables, measured, 500, 900, p99);
    }

    @Test
    void allMet() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(BenchReport.KAFKA_RAW, 20_000, 1_000),                          // 20,000/s
                m(ReceivablesBenchPlan.DYNAMODB_8, 5_000, 1_000),                 // 5,000/s
                m(BenchReport.PIPELINE_NONE, 20_000, 2_000),                      // 10,000/s = 50 % of Kafka: met at the limit
                m(ReceivablesBenchPlan.PIPELINE_OPENSEARCH, 20_000, 1_900),       // 10,526/s
                m(ReceivablesBenchPlan.PIPELINE_FULL, 20_000, 4_400),             // 4,545/s = 90.9 % of DynamoDB's 5,000/s
                m(BenchReport.SMALL_BATCHES, 210, 9_000).withDetails(Map.of("steady_batch_ms_median", 300L))));
        List<Target> targets = PLAN.targets(rows, freshness(600, 600, 2_000), Duration.ofSeconds(1));
        assertThat(targets).extracting(Target::key).containsExactly("sinks_none_vs_kafka_raw",
                "end_to_end_vs_slowest_sink_raw", "opensearch_only_rate", "micro_batch_fixed_cost", "freshness_p99");
        Map<String, Target> t = byKey(targets);
        assertThat(t.values()).extracting(Target::met).containsOnly(true);
        assertThat(t.get("sinks_none_vs_kafka_raw").actual()).isEqualTo(0.5);
        assertThat(t.get("freshness_p99").required()).isEqualTo(2_000);
        assertThat(t.get("end_to_end_vs_slowest_sink_raw").line()).isEqualTo("end-to-end (steady) >= 90% of what the"
                + " slowest sink takes at its raw rate (DynamoDB, OpenSearch): 90.9% (needs >= 90.0%)");
        assertThat(t.get("opensearch_only_rate").line()).isEqualTo("opensearch only (DynamoDB sink off, steady) >= 10,000"
                + " events/s: 10,526 events/s (needs >= 10,000 events/s)");
        assertThat(t.get("micro_batch_fixed_cost").line())
                .isEqualTo("fixed cost of a micro-batch (median of small batches) <= 300 ms: 300 ms (needs <= 300 ms)");
        assertThat(t.get("freshness_p99").line()).isEqualTo("freshness p99 <= window + 1 s (at 200 events/s): 2,000 ms (needs <= 2,000 ms)");
    }

    @Test
    void missesAreReportedWithTheirNumbers() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(BenchReport.KAFKA_RAW, 20_000, 100),
                m(ReceivablesBenchPlan.DYNAMODB_8, 5_000, 1_000),
                m(BenchReport.PIPELINE_NONE, 20_000, 8_000),
                m(ReceivablesBenchPlan.PIPELINE_OPENSEARCH, 20_000, 8_000),
                m(ReceivablesBenchPlan.PIPELINE_FULL, 20_000, 10_000),
                m(BenchReport.SMALL_BATCHES, 210, 9_000).withDetails(Map.of("steady_batch_ms_median", 301L))));
        Map<String, Target> t = byKey(PLAN.targets(rows, freshness(600, 600, 8_586), Duration.ofSeconds(1)));
        assertThat(t.values()).extracting(Target::met).containsOnly(false);
        assertThat(t.get("sinks_none_vs_kafka_raw").status()).isEqualTo("NOT MET");
        assertThat(t.get("sinks_none_vs_kafka_raw").line())
                .isEqualTo("sinks none (steady) >= 25% of raw Kafka consume: 1.3% (needs >= 25.0%)");
    }

    @Test
    void missingDocumentsFailFreshnessWhateverThePercentiles() {
        Target fresh = byKey(PLAN.targets(Map.of(), freshness(600, 590, 900), Duration.ofSeconds(15))).get("freshness_p99");
        assertThat(fresh.met()).isFalse();
        assertThat(fresh.line()).isEqualTo("freshness p99 <= window + 1 s (at 200 events/s): 900 ms (needs <= 16,000 ms); 10 of 600 documents"
                + " never appeared");
    }

    @Test
    void whatWasNotMeasuredIsNeitherMetNorMissed() {
        List<Target> targets = PLAN.targets(Map.of(), null, Duration.ofSeconds(15));
        assertThat(targets).hasSize(5).extracting(Target::met).containsOnlyNulls();
        assertThat(targets).extracting(Target::status).containsOnly("n/a");
        assertThat(targets.get(0).line()).endsWith(": not measured");
    }
}
