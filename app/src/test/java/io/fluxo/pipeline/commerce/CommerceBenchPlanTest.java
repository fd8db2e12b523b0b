package io.fluxo.pipeline.commerce;

import static io.fluxo.bench.BenchFixtures.byKey;
import static io.fluxo.bench.BenchFixtures.m;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.bench.BenchFixtures;
import io.fluxo.bench.BenchNames;
import io.fluxo.bench.BenchOptions;
import io.fluxo.bench.BenchPlan;
import io.fluxo.bench.BenchReport;
import io.fluxo.bench.Bottleneck;
import io.fluxo.bench.Freshness;
import io.fluxo.bench.Measurement;
import io.fluxo.bench.Target;
import io.fluxo.pipeline.PipelineRegistry;
import io.fluxo.sink.postgres.PostgresSink;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommerceBenchPlanTest {
    static final CommerceBenchPlan PLAN = new CommerceBenchPlan();
    static final String RUN = "bench-20250304-050607-abcd-commerce";

    static BenchOptions options() {
        return new BenchOptions(50_000, 1_000, 200, Duration.ofSeconds(5), 42, null, false, true, true, true, Map.of());
    }

    static CommerceBenchPlan.Names run() {
        return (CommerceBenchPlan.Names) BenchFixtures.open(PLAN, options());
    }

    // ---------------------------------------------------------------- names

    @Test
    void everyNameCarriesTheRunId() {
        CommerceBenchPlan.Names names = run();
        assertThat(names.inputTopic(BenchNames.LOAD)).isEqualTo(RUN + ".sales_events");
        assertThat(names.inputTopic(BenchNames.FRESH)).isEqualTo(RUN + "-fresh.sales_events");
        assertThat(names.runTopics("none")).containsExactly(RUN + "-none.dlq", RUN + "-none.enriched");
        assertThat(names.database()).isEqualTo("bench_20250304_050607_abcd");
        assertThat(names.scratchDatabase()).isEqualTo("bench_20250304_050607_abcd_raw");
        // 4 input topics; dead letters and enriched of the warm-up, the freshness run, the small batches and 2 passes
        // of 2 runs.
        assertThat(names.topics()).hasSize(4 + 2 * 7).doesNotHaveDuplicates().allMatch(t -> t.startsWith(RUN))
                .contains(RUN + "-none-2.enriched", RUN + "-postgres-1.dlq", RUN + "-fresh.enriched",
                        RUN + "-small.dlq", RUN + "-warmup.sales_events", RUN + "-small.sales_events");
        assertThat(names.resources().names()).isEqualTo("topics " + RUN + "*, databases bench_20250304_050607_abcd*"
                + " at jdbc:postgresql://localhost:5432/");
        assertThat(names.resources().kinds()).isEqualTo("topics, databases");
    }

    @Test
    void overridesPointThePipelineAtTheRunsTopicsItsTriggerAndItsDatabase() {
        Map<String, String> o = run().overrides(new BenchPlan.Route(BenchNames.FRESH, BenchNames.FRESH, "postgres",
                Duration.ofMillis(2_500)));
        assertThat(o).containsExactlyInAnyOrderEntriesOf(Map.of(
                "fluxo.commerce.topic", RUN + "-fresh.sales_events",
                "fluxo.commerce.dlq-topic", RUN + "-fresh.dlq",
                "fluxo.commerce.enriched-topic", RUN + "-fresh.enriched",
                "fluxo.commerce.sinks", "postgres",
                "fluxo.commerce.trigger", "2500ms",
                "fluxo.commerce.starting-offsets", "earliest",
                "fluxo.postgres.url", "jdbc:postgresql://localhost:5432/bench_20250304_050607_abcd"));
    }

    @Test
    void theVariantsAreSinksNoneThenPostgresInTwoPasses() {
        assertThat(PLAN.pipeline()).isEqualTo("commerce");
        assertThat(PLAN.variants()).extracting(BenchPlan.Variant::key).containsExactly("pipeline_sinks_none",
                "pipeline_postgres");
        assertThat(PLAN.variants()).extracting(BenchPlan.Variant::sinks).containsExactly("none", "postgres");
        assertThat(PLAN.variants().get(1).ratios()).extracting(BenchPlan.Reference::measurement)
                .containsExactly(CommerceBenchPlan.POSTGRES_RAW);
        assertThat(PLAN.passes()).isEqualTo(2);
        assertThat(PLAN.freshnessSeed(42)).isEqualTo(48);
        assertThat(PLAN.allSinks().setting()).isEqualTo("postgres");
        assertThat(PLAN.defaultWindow(PipelineRegistry.defaultConfig())).isEqualTo(Duration.ofSeconds(5));
        assertThat(PLAN.flags()).isEmpty();
        assertThat(PLAN.flagNote("--users")).isEqualTo("the commerce bench seeds the generator's default catalog"
                + " (200 products, 2,000 customers)");
        assertThat(PLAN.flagNote("--window")).isNull();
        assertThat(PipelineRegistry.get("commerce").benchPlan()).containsInstanceOf(CommerceBenchPlan.class);
    }

    @Test
    void theRawConsumerReadsTheConfiguredTopicWithoutWaiting() {
        BenchPlan.Input input = run().input(PipelineRegistry.defaultConfig());
        assertThat(input.topics()).containsExactly("sales_events");
        assertThat(input.consumerProperties()).containsEntry("fetch.max.wait.ms", 10);
    }

    @Test
    void writtenTellsTheCountersOfTheRun() {
        assertThat(PLAN.counters()).containsExactly(Map.entry("on_time", "on_time_events"),
                Map.entry("late", "late_events"), Map.entry("sessions", "sessions_closed"),
                Map.entry("dead_letters", io.fluxo.pipeline.PipelineMetrics.DEAD_LETTERS));
        assertThat(PLAN.written(PipelineRegistry.defaultConfig(), Map.of("on_time", 49_990L, "late", 10L,
                "sessions", 1_234L))).isEqualTo("49,990 on-time events (10 late), 1,234 sessions closed");
    }

    // ---------------------------------------------------------------- traffic

    @Test
    void aProductionStartsNowOrJustAfterTheNewestEventTimeAlreadySent() {
        assertThat(CommerceBenchPlan.startMillis(1_000, null)).isEqualTo(1_000);
        assertThat(CommerceBenchPlan.startMillis(1_000, 5_000L)).isEqualTo(5_001);
        assertThat(CommerceBenchPlan.startMillis(9_000, 5_000L)).isEqualTo(9_000);
        assertThat(CommerceBenchPlan.pace(0)).isEqualTo(20);
        assertThat(CommerceBenchPlan.pace(250)).isEqualTo(250);
    }

    @Test
    void benchTrafficIsInOrderAndASecondProductionIsNeverBehindTheFirst() {
        CommerceExpectation.Assumptions a = CommerceProducer.assumptions(CommerceSettings.of(PipelineRegistry.defaultConfig()));
        long t0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
        CommerceGenerator.Options first = CommerceBenchPlan.traffic(7, 500, t0, 200);
        assertThat(first.lateRate() + first.invalidRate() + first.outOfOrderRate()).isZero();
        long newest = CommerceBenchPlan.newestEventTime(first, a, 4_096);
        CommerceGenerator g = new CommerceGenerator(first, a, 4_096, false);
        long last = Long.MIN_VALUE;
        while (g.hasNext()) {
            long t = g.next().event().eventTimeMillis();
            assertThat(t).isGreaterThanOrEqualTo(Math.max(last, t0));
            last = t;
        }
        assertThat(g.kinds()).containsEntry(CommerceGenerator.Kind.IN_ORDER, 500L);
        assertThat(newest).isEqualTo(last);
        CommerceGenerator second = new CommerceGenerator(CommerceBenchPlan.traffic(8, 10,
                CommerceBenchPlan.startMillis(t0, newest), 200), a, 4_096, false);
        assertThat(second.next().event().eventTimeMillis()).isGreaterThan(newest);
    }

    @Test
    void windowRowsSumEachKeysIncrementsAsThePipelinesWriterDoes() {
        long t = Instant.parse("2026-01-05T12:00:30Z").toEpochMilli();
        List<CommerceExpectation.Event> events = List.of(
                event("e1", "p00001", EventType.PAGE_VIEW, "0.00", t),
                event("e2", "p00001", EventType.ADD_TO_CART, "10.00", t + 5_000),
                event("e3", "p00001", EventType.PURCHASE, "10.00", t + 10_000),
                event("e4", "p00001", EventType.PURCHASE, "5.01", t + 20_000),
                event("e5", "p9000001", EventType.PAGE_VIEW, "0.00", t + 31_000)); // 12:01:01, unknown product
        List<List<PostgresSink.Row>> units = CommerceBenchPlan.windowRows(events, Map.of("p00001", "books"));
        // p00001: 1 tumbling (12:00) + 5 sliding (11:56..12:00); p9000001: 1 tumbling (12:01) + 5 sliding (11:57..12:01).
        assertThat(units).hasSize(12).allMatch(u -> u.size() == 1 && u.get(0).table() == CommerceTables.WINDOWS);
        List<Object> tumbling = units.stream().map(u -> u.get(0).values())
                .filter(v -> v.get(0).equals("tumbling_1m") && v.get(3).equals("p00001")).findFirst().orElseThrow();
        assertThat(tumbling).containsExactly("tumbling_1m", Instant.parse("2026-01-05T12:00:00Z"),
                Instant.parse("2026-01-05T12:01:00Z"), "p00001", "books", 1L, 1L, 2L, new BigDecimal("15.01"),
                new BigDecimal("7.50")); // 15.01 / 2 = 7.505, half to even
        List<Object> unknown = units.stream().map(u -> u.get(0).values())
                .filter(v -> v.get(0).equals("sliding_5m") && v.get(3).equals("p9000001")).findFirst().orElseThrow();
        assertThat(unknown).containsExactly("sliding_5m", Instant.parse("2026-01-05T11:57:00Z"),
                Instant.parse("2026-01-05T12:02:00Z"), "p9000001", null, 1L, 0L, 0L, new BigDecimal("0.00"), null);
        // Sorted by key: the sliding rows before the tumbling ones, each by start.
        assertThat(units.get(0).get(0).values().subList(0, 2)).containsExactly("sliding_5m",
                Instant.parse("2026-01-05T11:56:00Z"));
        assertThat(units.get(11).get(0).values().subList(0, 2)).containsExactly("tumbling_1m",
                Instant.parse("2026-01-05T12:01:00Z"));
        long counted = units.stream().map(u -> u.get(0).values()).filter(v -> v.get(0).equals("tumbling_1m"))
                .mapToLong(v -> (Long) v.get(5) + (Long) v.get(6) + (Long) v.get(7)).sum();
        assertThat(counted).isEqualTo(5);
    }

    static CommerceExpectation.Event event(String id, String product, EventType type, String amount, long t) {
        return new CommerceExpectation.Event(id, "c000001", product, type, new BigDecimal(amount), t);
    }

    // ---------------------------------------------------------------- targets

    static Freshness freshness(long events, int measured, long p99) {
        return BenchFixtures.freshness(Duration.ofSeconds(5), events, measured, 3_000, 5_000, p99);
    }

    @Test
    void allMetAtTheirLimits() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(BenchReport.KAFKA_RAW, 50_000, 1_000),                     // 50,000/s
                m(BenchReport.PIPELINE_NONE, 50_000, 4_000),                 // 12,500/s = 25 % of Kafka
                m(CommerceBenchPlan.POSTGRES_RAW, 50_000, 2_000),            // 25,000 events/s
                m(CommerceBenchPlan.PIPELINE_POSTGRES, 50_000, 4_000),       // 12,500/s = 50 % of raw PostgreSQL
                m(BenchReport.SMALL_BATCHES, 210, 9_000).withDetails(Map.of("steady_batch_ms_median", 300L))));
        List<Target> targets = PLAN.targets(rows, freshness(1_000, 1_000, 16_000), Duration.ofSeconds(5));
        assertThat(targets).extracting(Target::key).containsExactly("sinks_none_vs_kafka_raw",
                "pipeline_postgres_vs_postgres_raw", "micro_batch_fixed_cost", "freshness_p99");
        assertThat(targets).extracting(Target::met).containsOnly(true);
        Map<String, Target> t = byKey(targets);
        assertThat(t.get("pipeline_postgres_vs_postgres_raw").line()).isEqualTo("pipeline with postgres (steady) >= 50%"
                + " of raw PostgreSQL window upserts: 50.0% (needs >= 50.0%)");
        // trigger 5 s + watermark 10 s (the configuration's, without a freshness row) + 1 s
        assertThat(t.get("freshness_p99").line()).isEqualTo("freshness p99 <= trigger + watermark 10s + 1 s (at 200"
                + " events/s): 16,000 ms (needs <= 16,000 ms)");
    }

    @Test
    void justPastTheLimitsIsNotMet() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(CommerceBenchPlan.POSTGRES_RAW, 50_000, 2_000),            // 25,000 events/s
                m(CommerceBenchPlan.PIPELINE_POSTGRES, 50_000, 5_000)));     // 10,000/s = 40 %
        Map<String, Target> t = byKey(PLAN.targets(rows, freshness(1_000, 1_000, 16_001), Duration.ofSeconds(5)));
        assertThat(t.get("pipeline_postgres_vs_postgres_raw").actual()).isEqualTo(0.4);
        assertThat(t.get("pipeline_postgres_vs_postgres_raw").met()).isFalse();
        assertThat(t.get("freshness_p99").required()).isEqualTo(16_000);
        assertThat(t.get("freshness_p99").met()).isFalse();
        assertThat(t.get("sinks_none_vs_kafka_raw").met()).isNull();
        assertThat(t.get("micro_batch_fixed_cost").met()).isNull();
    }

    @Test
    void theFreshnessGoalTakesTheWatermarkTheRunReportedAndEventsThatNeverAppearedBlockIt() {
        Map<String, Measurement> rows = BenchReport.byKey(List.of(
                m(BenchReport.FRESHNESS, 1_000, 5_000).withDetails(Map.of(CommerceFreshnessProbe.WATERMARK_DETAIL,
                        2_500L))));
        Target t = byKey(PLAN.targets(rows, freshness(1_000, 990, 4_000), Duration.ofSeconds(1)))
                .get("freshness_p99");
        assertThat(t.required()).isEqualTo(4_500); // 1 s + 2.5 s + 1 s
        assertThat(t.met()).isFalse();
        assertThat(t.line()).isEqualTo("freshness p99 <= trigger + watermark 2500ms + 1 s (at 200 events/s): 4,000 ms"
                + " (needs <= 4,500 ms); 10 of 1,000 events never appeared");
        assertThat(byKey(PLAN.targets(Map.of(), null, Duration.ofSeconds(5))).get("freshness_p99").met()).isNull();
    }

    @Test
    void postgresPartIsTheOnTimeEventsAtTheRawRate() {
        List<Measurement> measured = List.of(
                m(CommerceBenchPlan.POSTGRES_RAW, 50_000, 2_500),                           // 20,000 events/s
                m(BenchReport.PIPELINE_NONE, 50_000, 2_000),                                // 25,000/s
                m(CommerceBenchPlan.PIPELINE_POSTGRES, 50_000, 4_750).withDetails(Map.of("on_time", 40_000L)));
        List<Bottleneck.Part> parts = PLAN.sinkParts(BenchReport.byKey(measured), 50_000);
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).name()).isEqualTo("PostgreSQL");
        assertThat(parts.get(0).seconds()).isEqualTo(2.0);
        assertThat(parts.get(0).why()).isEqualTo("window rows of 40,000 events at 20,000 events/s (raw COPY + upsert,"
                + " 1 connection)");
        assertThat(BenchFixtures.bottleneck(PLAN, measured).component()).isEqualTo(Bottleneck.PIPELINE);
        assertThat(PLAN.sinkParts(Map.of(), 50_000)).isEmpty();
    }
}
