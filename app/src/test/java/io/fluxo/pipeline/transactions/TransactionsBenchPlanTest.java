package io.fluxo.pipeline.transactions;

import io.fluxo.sink.RetryBudget;
import io.fluxo.pipeline.PipelineRegistry;
import io.fluxo.sink.postgres.PostgresSettings;
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
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionsBenchPlanTest {
    static final long MIB = BenchFixtures.MIB;
    static final TransactionsBenchPlan PLAN = new TransactionsBenchPlan();

    static BenchOptions options(boolean sinks, boolean pipelines, boolean freshness) {
        return new BenchOptions(50_000, 1_000, 200, Duration.ofSeconds(5), 42, null, false, sinks, pipelines, freshness,
                Map.of(TransactionsBenchPlan.USERS, 1_000L));
    }

    static TransactionsBenchPlan.Names run() {
        return (TransactionsBenchPlan.Names) BenchFixtures.open(PLAN, options(true, true, true));
    }

    // ---------------------------------------------------------------- names

    @Test
    void everyNameCarriesTheRunId() {
        TransactionsBenchPlan.Names names = run();
        assertThat(names.inputTopic(BenchNames.LOAD)).isEqualTo("bench-20250304-050607-abcd-tx.transactions");
        assertThat(names.inputTopic(BenchNames.FRESH)).isEqualTo("bench-20250304-050607-abcd-tx-fresh.transactions");
        assertThat(names.runTopics("none")).containsExactly("bench-20250304-050607-abcd-tx-none.ledger",
                "bench-20250304-050607-abcd-tx-none.dlq", "bench-20250304-050607-abcd-tx-none.alerts");
        assertThat(names.database()).isEqualTo("bench_20250304_050607_abcd");
        assertThat(names.scratchDatabase()).isEqualTo("bench_20250304_050607_abcd_raw");
        // 3 input topics; ledger, dead letters and alerts of the warm-up, the freshness run and 2 passes of 2 runs.
        assertThat(names.topics()).hasSize(4 + 3 * 7).doesNotHaveDuplicates()
                .allMatch(t -> t.startsWith("bench-20250304-050607-abcd-tx"))
                .contains("bench-20250304-050607-abcd-tx-none-2.ledger", "bench-20250304-050607-abcd-tx-postgres-1.dlq",
                        "bench-20250304-050607-abcd-tx-fresh.alerts", "bench-20250304-050607-abcd-tx-warmup.transactions");
        assertThat(names.resources().names()).isEqualTo("topics bench-20250304-050607-abcd-tx*, databases"
                + " bench_20250304_050607_abcd* at jdbc:postgresql://localhost:5432/");
        assertThat(names.resources().kinds()).isEqualTo("topics, databases");
    }

    @Test
    void overridesPointThePipelineAtTheRunsNamesAndItsDatabase() {
        Map<String, String> o = run().overrides(new BenchPlan.Route(BenchNames.LOAD, "postgres", "postgres",
                Duration.ofSeconds(5)));
        assertThat(o).containsExactlyInAnyOrderEntriesOf(Map.of(
                "fluxo.transactions.topic", "bench-20250304-050607-abcd-tx.transactions",
                "fluxo.transactions.ledger-topic", "bench-20250304-050607-abcd-tx-postgres.ledger",
                "fluxo.transactions.dlq-topic", "bench-20250304-050607-abcd-tx-postgres.dlq",
                "fluxo.transactions.alerts-topic", "bench-20250304-050607-abcd-tx-postgres.alerts",
                "fluxo.transactions.sinks", "postgres",
                "fluxo.transactions.window", "5000ms",
                "fluxo.transactions.starting-offsets", "earliest",
                "fluxo.postgres.url", "jdbc:postgresql://localhost:5432/bench_20250304_050607_abcd"));
    }

    @Test
    void theVariantsAreSinksNoneThenPostgresInTwoPasses() {
        assertThat(PLAN.variants()).extracting(BenchPlan.Variant::key).containsExactly("pipeline_sinks_none",
                "pipeline_postgres");
        assertThat(PLAN.variants()).extracting(BenchPlan.Variant::output).containsExactly("none", "postgres");
        assertThat(PLAN.passes()).isEqualTo(2);
        assertThat(PLAN.freshnessSeed(42)).isEqualTo(47);
        assertThat(PLAN.defaultWindow(PipelineRegistry.defaultConfig())).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void usersAreBetweenTwoAndTheMostTheSeedCanName() {
        assertThatThrownBy(() -> TransactionsBenchPlan.USERS.check(1)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --users: 1 (must be between 2 and 999999)");
        assertThatThrownBy(() -> TransactionsBenchPlan.USERS.check(1_000_000)).isInstanceOf(UserException.class)
                .hasMessage("Invalid --users: 1000000 (must be between 2 and 999999)");
        assertThat(TransactionsBenchPlan.USERS.defaultValue()).isEqualTo(1_000);
        assertThat(PLAN.flagNote("--sink-items")).isEqualTo("the transactions bench writes --events rows to PostgreSQL");
    }

    @Test
    void theRawConsumerDoesNotWaitOnFetchesOfPartitionsItHasFinished() {
        BenchPlan.Input input = run().input(PipelineRegistry.defaultConfig());
        assertThat(input.consumerProperties()).containsEntry("fetch.max.wait.ms", 10)
                .containsEntry("bootstrap.servers", "localhost:9092");
        assertThat(input.topics()).containsExactly("bank_transactions");
        assertThat(input.description()).isEqualTo("bank_transactions");
    }

    // ---------------------------------------------------------------- report

    static BenchReport report() {
        PostgresSettings server = new PostgresSettings("jdbc:postgresql://localhost:5432/fluxo", "fluxo", "", 4,
                new RetryBudget(8, Duration.ofMinutes(2)));
        MachineInfo machine = new MachineInfo(2, 4096 * MIB, 24 * 1024 * MIB, "17.0.15", "Debian", "Linux", "4.1.0",
                "local[*]", 4, "3.9.1", "localhost:9092", TransactionsBenchPlan.machine(PipelineRegistry.defaultConfig(), server,
                "17.6"));
        List<Measurement> rows = List.of(
                Measurement.of(BenchReport.PRODUCE, "produce (pre-load, seed 42)", 50_000, "events",
                        Duration.ofMillis(1_000), 100 * MIB),
                Measurement.of(BenchReport.KAFKA_RAW, "kafka raw consume", 50_000, "events",
                        Duration.ofMillis(250), 80 * MIB),
                Measurement.of(TransactionsBenchPlan.POSTGRES_RAW, "postgres COPY + upsert", 50_000, "rows",
                        Duration.ofMillis(2_000), -1).withDetails(Map.of("batches", 1L)),
                Measurement.of(BenchReport.PIPELINE_NONE, "pipeline, sinks none", 50_000, "events",
                        Duration.ofMillis(2_500), 612 * MIB),
                Measurement.of(TransactionsBenchPlan.PIPELINE_POSTGRES, "pipeline, postgres", 50_000, "events",
                        Duration.ofMillis(5_000), 1_700 * MIB).withDetails(Map.of("transactions", 50_000L)));
        Freshness f = new Freshness(Duration.ofSeconds(5), 200, 1_000, Duration.ofSeconds(5), 1_000, 1_000, 100,
                Duration.ofMillis(200), LatencySummary.of(new long[] {3_000, 4_000, 7_000}));
        return BenchReport.build(PLAN, "20250101-120000-ab12", Instant.parse("2025-01-01T12:00:00Z"),
                Instant.parse("2025-01-01T12:01:20Z"), options(true, true, true), machine, rows, f);
    }

    @Test
    void tableHasOneAlignedRowPerMeasurementThenFreshnessBottleneckAndTargets() {
        String table = report().table();
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).isEqualTo("transactions bench 20250101-120000-ab12: 50,000 events, window 5s, 1,000 users"
                + " | 2 cores, max heap 4,096 MiB, Java 17.0.15, Spark 4.1.0, PostgreSQL 17.6");
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("measurement")).findFirst().orElseThrow());
        assertThat(lines.get(header + 1)).matches("-+");
        List<String> rows = lines.subList(header + 2, header + 7);
        assertThat(rows.get(1)).startsWith("kafka raw consume ").contains("200,000").endsWith("80");
        assertThat(rows.get(2)).contains("50,000  rows").contains("25,000").endsWith("-");
        assertThat(rows.get(3)).containsPattern("20,000 +- +0\\.100x kafka raw").endsWith("612");
        assertThat(rows.get(4)).containsPattern("10,000 +- +0\\.050x kafka raw, 0\\.400x postgres raw").endsWith("1,700");
        assertThat(table).contains("\nfreshness (window 5s, 1,000 transactions at 200/s, 1,000 of 1,000 rows seen):"
                + " p50 4,000 ms  p95 7,000 ms  p99 7,000 ms  max 7,000 ms\n");
        assertThat(table).contains("bottleneck: pipeline alone.");
        assertThat(table).endsWith("""
                targets:
                  [NOT MET] sinks none (steady) >= 25% of raw Kafka consume: 10.0% (needs >= 25.0%)
                  [NOT MET] end-to-end (steady) >= 90% of what the slowest sink takes at its raw rate (PostgreSQL): 40.0% (needs >= 90.0%)
                  [n/a]     fixed cost of a micro-batch (median of small batches) <= 300 ms: not measured
                  [NOT MET] freshness p99 <= window + 1 s (at 200 events/s): 7,000 ms (needs <= 6,000 ms)
                """);
    }

    @Test
    void jsonHasTheSameNumbers() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report().toJson());
        assertThat(json.path("pipeline").asText()).isEqualTo("transactions");
        assertThat(json.path("run_id").asText()).isEqualTo("20250101-120000-ab12");
        assertThat(json.path("options").path("users").asInt()).isEqualTo(1_000);
        assertThat(json.path("options").path("window_ms").asLong()).isEqualTo(5_000);
        assertThat(json.path("machine").path("postgres_version").asText()).isEqualTo("17.6");
        assertThat(json.path("machine").path("postgres_url").asText()).isEqualTo("jdbc:postgresql://localhost:5432/fluxo");
        assertThat(json.path("machine").path("postgres_pool_size").asInt()).isEqualTo(4);
        List<String> machine = new ArrayList<>();
        json.path("machine").fieldNames().forEachRemaining(machine::add);
        assertThat(machine).endsWith("kafka_bootstrap_servers", "topic_partitions", "postgres_url", "postgres_version",
                "postgres_pool_size");

        JsonNode rows = json.path("measurements");
        assertThat(rows).hasSize(5);
        JsonNode full = rows.get(4);
        assertThat(full.path("key").asText()).isEqualTo("pipeline_postgres");
        assertThat(full.path("rate_per_s").decimalValue()).isEqualByComparingTo("10000");
        assertThat(full.path("ratios").path("kafka_raw").doubleValue()).isEqualTo(0.05);
        assertThat(full.path("ratios").path("postgres_raw").doubleValue()).isEqualTo(0.4);
        assertThat(rows.get(2).path("peak_heap_mib").isNull()).isTrue();

        JsonNode f = json.path("freshness");
        assertThat(f.path("transactions").asLong()).isEqualTo(1_000);
        assertThat(f.path("p50_ms").asLong()).isEqualTo(4_000);
        assertThat(f.path("p99_ms").asLong()).isEqualTo(7_000);
        assertThat(f.path("missing").asLong()).isZero();

        assertThat(json.path("bottleneck").path("component").asText()).isEqualTo("pipeline alone");
        assertThat(json.path("bottleneck").path("seconds").path("PostgreSQL").doubleValue()).isEqualTo(2.0);
        JsonNode targets = json.path("targets");
        assertThat(targets).hasSize(4);
        assertThat(targets.get(1).path("key").asText()).isEqualTo("end_to_end_vs_slowest_sink_raw");
        assertThat(targets.get(1).path("actual").doubleValue()).isEqualTo(0.4);
        assertThat(targets.get(1).path("met").asBoolean()).isFalse();
    }

    // ---------------------------------------------------------------- bottleneck

    @Test
    void postgresIsTheBottleneckWhenItsRawRateNeedsTheLongestForTheRows() {
        Bottleneck b = bottleneck(PLAN, List.of(
                m(TransactionsBenchPlan.POSTGRES_RAW, 50_000, 2_500),                       // 20,000/s
                m(BenchReport.PIPELINE_NONE, 50_000, 2_000),                                // 25,000/s
                m(TransactionsBenchPlan.PIPELINE_POSTGRES, 50_000, 4_750)
                        .withDetails(Map.of("transactions", 50_000L))));
        assertThat(b.component()).isEqualTo("PostgreSQL");
        assertThat(b.secondsByComponent()).containsExactly(Map.entry(Bottleneck.PIPELINE, 2.0),
                Map.entry(TransactionsBenchPlan.POSTGRES, 2.5));
        assertThat(b.text()).isEqualTo("""
                bottleneck: PostgreSQL. Time each part needs for the end-to-end run's work at its own rate:
                  pipeline alone     2.0 s  50,000 events at 25,000/s (pipeline with sinks none)
                  PostgreSQL         2.5 s  50,000 rows at 20,000/s (raw COPY + upsert, 1 connection)
                  end-to-end         4.8 s (measured: the PostgreSQL sink added 2.8 s to sinks none)"""
                .replace("\n", System.lineSeparator()));
    }

    @Test
    void thePipelineItselfCanBeTheBottleneck() {
        Bottleneck b = bottleneck(PLAN, List.of(
                m(TransactionsBenchPlan.POSTGRES_RAW, 50_000, 1_000),
                m(BenchReport.PIPELINE_NONE, 50_000, 4_000)));
        assertThat(b.component()).isEqualTo(Bottleneck.PIPELINE);
        assertThat(b.secondsByComponent()).containsExactly(Map.entry(Bottleneck.PIPELINE, 4.0),
                Map.entry(TransactionsBenchPlan.POSTGRES, 1.0));
        assertThat(b.text()).doesNotContain("  end-to-end");
    }

    @Test
    void noPipelineRunNoBottleneck() {
        assertThat(bottleneck(PLAN, List.of(m(TransactionsBenchPlan.POSTGRES_RAW, 5_000, 1_000)))).isNull();
    }

    // ---------------------------------------------------------------- targets

    static Freshness freshness(long transactions, int measured, long p99) {
        return BenchFixtures.freshness(Duration.ofSeconds(5), transactions, measured, 3_000, 5_000, p99);
    }

    @Test
    void allMet() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(BenchReport.KAFKA_RAW, 50_000, 1_000),                       // 50,000/s
                m(BenchReport.PIPELINE_NONE, 50_000, 2_000),                   // 25,000/s = 50 % of Kafka: met at the limit
                m(TransactionsBenchPlan.POSTGRES_RAW, 50_000, 2_250),          // 22,222/s
                m(TransactionsBenchPlan.PIPELINE_POSTGRES, 50_000, 2_500),     // 20,000/s = 90 % of raw PostgreSQL: at the limit
                m(BenchReport.SMALL_BATCHES, 210, 9_000).withDetails(Map.of("steady_batch_ms_median", 250L))));
        List<Target> targets = PLAN.targets(rows, freshness(1_000, 1_000, 6_000), Duration.ofSeconds(5));
        assertThat(targets).extracting(Target::key).containsExactly("sinks_none_vs_kafka_raw",
                "end_to_end_vs_slowest_sink_raw", "micro_batch_fixed_cost", "freshness_p99");
        assertThat(targets).extracting(Target::met).containsOnly(true);
        Map<String, Target> t = byKey(targets);
        assertThat(t.get("end_to_end_vs_slowest_sink_raw").line()).isEqualTo("end-to-end (steady) >= 90% of what the"
                + " slowest sink takes at its raw rate (PostgreSQL): 90.0% (needs >= 90.0%)");
        assertThat(t.get("sinks_none_vs_kafka_raw").line())
                .isEqualTo("sinks none (steady) >= 25% of raw Kafka consume: 50.0% (needs >= 25.0%)");
        assertThat(t.get("freshness_p99").line()).isEqualTo("freshness p99 <= window + 1 s (at 200 events/s): 6,000 ms (needs <= 6,000 ms)");
    }

    @Test
    void missesAreReportedAndMissingRowsBlockFreshness() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(BenchReport.KAFKA_RAW, 50_000, 1_000),
                m(BenchReport.PIPELINE_NONE, 50_000, 4_001),                   // 24.99 % of Kafka
                m(TransactionsBenchPlan.POSTGRES_RAW, 50_000, 2_000),          // 25,000/s
                m(TransactionsBenchPlan.PIPELINE_POSTGRES, 50_000, 5_000)));   // 10,000/s = 40 %
        Map<String, Target> t = byKey(PLAN.targets(rows, freshness(1_000, 990, 2_000), Duration.ofSeconds(5)));
        assertThat(t.get("end_to_end_vs_slowest_sink_raw").met()).isFalse();
        assertThat(t.get("end_to_end_vs_slowest_sink_raw").actual()).isEqualTo(0.4);
        assertThat(t.get("sinks_none_vs_kafka_raw").met()).isFalse();
        assertThat(t.get("freshness_p99").met()).isFalse();
        assertThat(t.get("freshness_p99").line()).isEqualTo(
                "freshness p99 <= window + 1 s (at 200 events/s): 2,000 ms (needs <= 6,000 ms); 10 of 1,000 transactions never appeared");
    }

    @Test
    void whatWasNotMeasuredIsNotApplicable() {
        List<Target> targets = PLAN.targets(Map.of(), null, Duration.ofSeconds(5));
        assertThat(targets).extracting(Target::status).containsOnly("n/a");
    }
}
