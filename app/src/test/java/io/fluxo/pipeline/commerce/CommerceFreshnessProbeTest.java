package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.bench.LatencySummary;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.pipeline.commerce.CommerceFreshnessProbe.Latencies;
import io.fluxo.pipeline.commerce.CommerceFreshnessProbe.Step;
import io.fluxo.sink.RetryBudget;
import io.fluxo.sink.postgres.PostgresSettings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommerceFreshnessProbeTest {
    static final long A = 0;
    static final long B = 60_000;
    static final long C = 120_000;
    static final long D = 180_000;

    @Test
    void theKthEventSentToAWindowIsSeenWhenTheWindowFirstCountsK() {
        Map<Long, List<Long>> sent = Map.of(
                A, List.of(1_500L, 900L, 1_200L, 1_000L), // 900: warm-up; 1,500: rank 4, never counted
                B, List.of(2_100L, 2_000L),
                C, List.of(800L),                        // the warm-up's only
                D, List.of(3_000L));
        Map<Long, List<Step>> growth = Map.of(
                A, List.of(new Step(1, 2_000), new Step(3, 6_000)),
                B, List.of(new Step(1, 6_400), new Step(2, 7_000)),
                C, List.of(new Step(1, 1_900)),
                D, List.of(new Step(2, 9_000)));         // counts 2 of 1 sent: noted
        Latencies l = CommerceFreshnessProbe.latencies(sent, growth, 1_000);
        assertThat(l.expected()).isEqualTo(6);
        assertThat(l.missing()).isEqualTo(1);
        // A: rank 2 (1,000) and rank 3 (1,200) at 6,000; B: rank 1 (2,000) at 6,400, rank 2 (2,100) at 7,000; D: 9,000.
        assertThat(l.millis()).containsExactlyInAnyOrder(5_000L, 4_800L, 4_400L, 4_900L, 6_000L);
        assertThat(l.windows()).isEqualTo(3);
        assertThat(l.overCounted()).isEqualTo(1);
        LatencySummary s = LatencySummary.of(l.millis());
        assertThat(s.p50()).isEqualTo(4_900L);
        assertThat(s.p99()).isEqualTo(6_000L);
        assertThat(s.mean()).isEqualTo(5_020.0);
    }

    @Test
    void aWindowNeverCountedMissesAllItsMeasuredEvents() {
        Latencies l = CommerceFreshnessProbe.latencies(Map.of(A, List.of(1_000L, 1_100L)), Map.of(), 0);
        assertThat(l.expected()).isEqualTo(2);
        assertThat(l.missing()).isEqualTo(2);
        assertThat(l.millis()).isEmpty();
        Latencies none = CommerceFreshnessProbe.latencies(Map.of(), Map.of(A, List.of(new Step(3, 10))), 0);
        assertThat(none.expected()).isZero();
        assertThat(none.windows()).isZero();
    }

    @Test
    void onlyRisesAreKeptAndTheLastCountsAddUp() {
        CommerceFreshnessProbe probe = new CommerceFreshnessProbe(new PostgresSettings(
                "jdbc:postgresql://localhost:5432/bench_x", "fluxo", "", 1, new RetryBudget(1, Duration.ofSeconds(1))),
                "bench_x", "t", Map.of("bootstrap.servers", "localhost:9092"), Duration.ofMillis(200),
                Duration.ofSeconds(10));
        probe.record(A, 1, 100);
        probe.record(A, 1, 200);
        probe.record(A, 3, 300);
        probe.record(A, 2, 400);
        probe.record(B, 2, 400);
        assertThat(probe.growth()).containsExactly(Map.entry(A, List.of(new Step(1, 100), new Step(3, 300))),
                Map.entry(B, List.of(new Step(2, 400))));
        assertThat(probe.visible()).isEqualTo(5);
        ProduceSummary two = new ProduceSummary(Map.of("t", 2L), 2, Duration.ofSeconds(1));
        ProduceSummary three = new ProduceSummary(Map.of("t", 3L), 3, Duration.ofSeconds(1));
        assertThat(probe.allVisible(List.of(two, three), Instant.EPOCH)).isTrue();
        assertThat(probe.allVisible(List.of(three, three), Instant.EPOCH)).isFalse();
        assertThat(probe.warmupMissing()).isEqualTo("the warm-up events did not appear in commerce_product_windows of bench_x");
    }

    @Test
    void theWindowOfARecordIsTheMinuteOfItsEventTime() {
        CommerceExpectation.Event e = new CommerceExpectation.Event("ev-1", "c000001", "p00001", EventType.PURCHASE,
                new BigDecimal("12.50"), Instant.parse("2026-01-05T12:00:59.999Z").toEpochMilli());
        assertThat(CommerceFreshnessProbe.windowStart(CommerceGenerator.payload(e, false)))
                .isEqualTo(Instant.parse("2026-01-05T12:00:00Z").toEpochMilli());
        assertThat(CommerceFreshnessProbe.windowStart(bytes("{\"timestamp\":\"2026-01-05T12:01:00Z\"}")))
                .isEqualTo(Instant.parse("2026-01-05T12:01:00Z").toEpochMilli());
        assertThat(CommerceFreshnessProbe.windowStart(bytes("{\"event_id\":\"x\",\"user_id\":"))).isNull();
        assertThat(CommerceFreshnessProbe.windowStart(bytes("{\"timestamp\":\"yesterday\"}"))).isNull();
        assertThat(CommerceFreshnessProbe.windowStart(bytes("{\"event_id\":\"x\"}"))).isNull();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
