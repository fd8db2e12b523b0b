package io.fluxo.pipeline.medallion;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.bench.BenchReport;
import io.fluxo.bench.Bottleneck;
import io.fluxo.bench.KafkaSendTimes.RecordKey;
import io.fluxo.bench.Measurement;
import io.fluxo.bench.Target;
import io.fluxo.pipeline.medallion.MedallionFreshnessProbe.Count;
import io.fluxo.pipeline.medallion.MedallionFreshnessProbe.GoldKey;
import io.fluxo.pipeline.medallion.MedallionFreshnessProbe.Latencies;
import io.fluxo.pipeline.medallion.MedallionFreshnessProbe.Sent;
import io.fluxo.sink.postgres.PostgresSink;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MedallionBenchPlanTest {
    private static final GoldKey A = new GoldKey(0, "SP", "PIX");
    private static final GoldKey B = new GoldKey(60_000, "RJ", "TED");

    /**
     * Row A: sent at 100 (warm-up), 1,000 and 1,200; counted 1 at 500, 3 at 2,000 — the two measured ones visible at
     * 2,000: 1,000 and 800 ms. Row B: sent at 1,100 (1,500 ms later counted 1) and at 1,300, never counted twice: one
     * missing.
     */
    @Test
    void aTransactionIsVisibleOnceItsRowCountsItsRankInSendOrder() {
        List<Sent> sent = List.of(
                new Sent(new RecordKey(0, 0), A, 100),
                new Sent(new RecordKey(1, 0), A, 1_200),
                new Sent(new RecordKey(0, 1), A, 1_000),
                new Sent(new RecordKey(1, 1), B, 1_100),
                new Sent(new RecordKey(0, 2), B, 1_300));
        Map<GoldKey, List<Count>> counts = Map.of(
                A, List.of(new Count(1, 500), new Count(3, 2_000)),
                B, List.of(new Count(1, 2_600)));

        Latencies l = MedallionFreshnessProbe.latencies(sent, counts, 1_000);

        assertThat(l.expected()).isEqualTo(4);
        assertThat(l.millis()).containsExactlyInAnyOrder(1_000L, 800L, 1_500L);
    }

    @Test
    void sendTimeTiesAreRankedByPartitionThenOffset() {
        List<Sent> sent = List.of(new Sent(new RecordKey(1, 0), A, 1_000), new Sent(new RecordKey(0, 5), A, 1_000));
        Map<GoldKey, List<Count>> counts = Map.of(A, List.of(new Count(1, 1_400), new Count(2, 1_900)));
        assertThat(MedallionFreshnessProbe.latencies(sent, counts, 0).millis()).containsExactly(400L, 900L);
    }

    @Test
    void aGoldKeyIsTheEventTimesMinuteRegionAndModality() {
        var t = io.fluxo.banking.Transaction.of("t1", "u1", "u2", "SP", io.fluxo.banking.Modality.BOLETO,
                Instant.parse("2026-01-05T04:07:59.999Z").toEpochMilli(), new BigDecimal("10.00"));
        assertThat(GoldKey.of(t)).isEqualTo(new GoldKey(Instant.parse("2026-01-05T04:07:00Z").toEpochMilli(), "SP", "Boleto"));
    }

    /** Kafka 100,000/s, Delta 20,000/s, PostgreSQL 8,000/s: the slowest is 8,000; the chain's 5,000/s is 62.5 % of it. */
    @Test
    void theChainIsComparedWithTheSlowestRawRate() {
        Map<String, Measurement> byKey = new LinkedHashMap<>();
        byKey.put(BenchReport.KAFKA_RAW, rate(BenchReport.KAFKA_RAW, 100_000));
        byKey.put(MedallionBenchPlan.DELTA_RAW, rate(MedallionBenchPlan.DELTA_RAW, 20_000));
        byKey.put(MedallionBenchPlan.POSTGRES_RAW, rate(MedallionBenchPlan.POSTGRES_RAW, 8_000));
        byKey.put(MedallionBenchPlan.PIPELINE_POSTGRES, rate(MedallionBenchPlan.PIPELINE_POSTGRES, 5_000));

        Target t = MedallionBenchPlan.chainVsSlowestRaw(byKey);

        assertThat(t.actual()).isEqualTo(0.625);
        assertThat(t.met()).isTrue();
        assertThat(MedallionBenchPlan.chainVsSlowestRaw(Map.of()).met()).isNull();
    }

    /**
     * 10,000 events, 9,900 silver rows, 300 gold rows of the chain; Delta appends 20,000 rows/s, PostgreSQL upserts
     * 3,000 rows/s: Delta takes (10,000 + 9,900) / 20,000 = 0.995 s, PostgreSQL 300 / 3,000 = 0.1 s.
     */
    @Test
    void theLakeTakesBronzeAndSilverRowsAndPostgresTheGoldOnes() {
        Map<String, Measurement> byKey = new LinkedHashMap<>();
        byKey.put(MedallionBenchPlan.DELTA_RAW, rate(MedallionBenchPlan.DELTA_RAW, 20_000));
        byKey.put(MedallionBenchPlan.POSTGRES_RAW, rate(MedallionBenchPlan.POSTGRES_RAW, 3_000));
        byKey.put(MedallionBenchPlan.PIPELINE_POSTGRES, rate(MedallionBenchPlan.PIPELINE_POSTGRES, 1_000)
                .withDetails(Map.of("silver_rows", 9_900L, "gold_rows", 300L)));

        List<Bottleneck.Part> parts = new MedallionBenchPlan().sinkParts(byKey, 10_000);

        assertThat(parts).extracting(Bottleneck.Part::name).containsExactly("Delta", "PostgreSQL");
        assertThat(parts.get(0).seconds()).isCloseTo(0.995, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(parts.get(1).seconds()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void eachLayerOfTheChainIsARowOfItsOwn() {
        Map<String, Long> d = new LinkedHashMap<>();
        for (String layer : List.of("bronze", "silver", "gold")) {
            d.put(layer + ".ms", 2_000L);
            d.put(layer + ".rows", 4_000L);
            d.put(layer + ".batches", 2L);
            d.put(layer + ".trigger_ms", 1_800L);
            d.put(layer + ".steady_rows", 2_000L);
            d.put(layer + ".steady_ms", 500L);
        }
        Measurement chain = rate(MedallionBenchPlan.PIPELINE_POSTGRES, 1_000).withDetails(d);

        List<Measurement> rows = MedallionBenchPlan.layers(chain);

        assertThat(rows).extracting(Measurement::key).containsExactly("layer_bronze", "layer_silver", "layer_gold");
        assertThat(rows.get(0).rate()).isEqualTo(2_000.0); // 4,000 rows in 2 s
        assertThat(rows.get(0).steadyRate()).isEqualTo(4_000.0); // 2,000 rows in 500 ms
        assertThat(MedallionBenchPlan.layers(null)).isEmpty();
    }

    @Test
    void theRawGoldRowsHaveKeysOfTheirOwnAndExactMeans() {
        List<List<PostgresSink.Row>> rows = MedallionBenchPlan.Names.goldRows(0, 1_000);
        Set<List<Object>> keys = new HashSet<>();
        for (List<PostgresSink.Row> unit : rows) {
            List<Object> v = unit.get(0).values();
            keys.add(List.of(v.get(0), v.get(1), v.get(2)));
            assertThat((BigDecimal) v.get(5)).isEqualByComparingTo(((BigDecimal) v.get(4))
                    .divide(BigDecimal.valueOf(3), 2, java.math.RoundingMode.HALF_EVEN));
        }
        assertThat(keys).hasSize(1_000);
        assertThat(rows.get(0).get(0).values().subList(3, 5)).containsExactly(3L, new BigDecimal("30.00"));
    }

    private static Measurement rate(String key, double perSecond) {
        return Measurement.of(key, key, (long) perSecond, "events", Duration.ofSeconds(1), -1);
    }
}
