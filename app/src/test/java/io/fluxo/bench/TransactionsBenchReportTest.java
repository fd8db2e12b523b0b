package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionsBenchReportTest {
    static final long MIB = 1024 * 1024;

    static TransactionsBenchOptions options() {
        return new TransactionsBenchOptions(50_000, 1_000, 200, Duration.ofSeconds(5), 1_000, 42, null, false, true, true,
                true);
    }

    static TransactionsMachineInfo machine() {
        return new TransactionsMachineInfo(2, 4096 * MIB, 24 * 1024 * MIB, "17.0.15", "Debian", "Linux", "4.1.0",
                "local[*]", 4, "3.9.1", "localhost:9092", 4, "jdbc:postgresql://localhost:5432/fluxo", "17.6", 4);
    }

    static TransactionsBenchReport report() {
        List<Measurement> rows = List.of(
                Measurement.of(TransactionsBenchReport.PRODUCE, "produce (pre-load, seed 42)", 50_000, "events",
                        Duration.ofMillis(1_000), 100 * MIB),
                Measurement.of(TransactionsBenchReport.KAFKA_RAW, "kafka raw consume", 50_000, "events",
                        Duration.ofMillis(250), 80 * MIB),
                Measurement.of(TransactionsBenchReport.POSTGRES_RAW, "postgres COPY + upsert", 50_000, "rows",
                        Duration.ofMillis(2_000), -1).withDetails(Map.of("batches", 1L)),
                Measurement.of(TransactionsBenchReport.PIPELINE_NONE, "pipeline, sinks none", 50_000, "events",
                        Duration.ofMillis(2_500), 612 * MIB),
                Measurement.of(TransactionsBenchReport.PIPELINE_POSTGRES, "pipeline, postgres", 50_000, "events",
                        Duration.ofMillis(5_000), 1_700 * MIB).withDetails(Map.of("transactions", 50_000L)));
        Freshness f = new Freshness(Duration.ofSeconds(5), 200, 1_000, Duration.ofSeconds(5), 1_000, 1_000, 100,
                Duration.ofMillis(200), LatencySummary.of(new long[] {3_000, 4_000, 7_000}));
        return TransactionsBenchReport.build("20250101-120000-ab12", Instant.parse("2025-01-01T12:00:00Z"),
                Instant.parse("2025-01-01T12:01:20Z"), options(), machine(), rows, f);
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
        assertThat(rows.get(3)).contains("20,000  0.100x kafka raw").endsWith("612");
        assertThat(rows.get(4)).contains("10,000  0.050x kafka raw, 0.400x postgres raw").endsWith("1,700");
        assertThat(table).contains("\nfreshness (window 5s, 1,000 transactions at 200/s, 1,000 of 1,000 rows seen):"
                + " p50 4,000 ms  p95 7,000 ms  p99 7,000 ms  max 7,000 ms\n");
        assertThat(table).contains("bottleneck: pipeline alone.");
        assertThat(table).endsWith("""
                targets:
                  [NOT MET] end-to-end into PostgreSQL >= 20,000 transactions/s: 10,000 events/s (needs >= 20,000 events/s)
                  [NOT MET] sinks none >= 50% of raw Kafka consume: 10.0% (needs >= 50.0%)
                  [NOT MET] freshness p99 <= window + 1 s: 7,000 ms (needs <= 6,000 ms)
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
        assertThat(targets).hasSize(3);
        assertThat(targets.get(0).path("key").asText()).isEqualTo("end_to_end_rate");
        assertThat(targets.get(0).path("actual").doubleValue()).isEqualTo(10_000.0);
        assertThat(targets.get(0).path("met").asBoolean()).isFalse();
    }
}
