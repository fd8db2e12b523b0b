package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    static final long MIB = 1024 * 1024;

    static BenchOptions options() {
        return new BenchOptions(20_000, 1_000, 200, Duration.ofSeconds(1), 5_000, 42, null, false, true, true, true);
    }

    static MachineInfo machine() {
        return new MachineInfo(2, 4096 * MIB, 24 * 1024 * MIB, "17.0.15", "Debian", "Linux", "4.1.0", "local[*]", 4,
                "3.9.1", "localhost:9092", "http://localhost:8000", "in-memory", 8, "http://localhost:9200", "2.19.2", 1000);
    }

    static BenchReport report() {
        List<Measurement> rows = List.of(
                Measurement.of(BenchReport.KAFKA_RAW, "kafka raw consume", 20_000, "events", Duration.ofMillis(100), 80 * MIB),
                Measurement.of(BenchReport.DYNAMODB_8, "dynamodb BatchWriteItem, 8 writers", 5_000, "items",
                        Duration.ofMillis(1_000), -1).withDetails(Map.of("writers", 8L)),
                Measurement.of(BenchReport.PIPELINE_NONE, "pipeline, sinks none", 20_000, "events", Duration.ofMillis(8_000),
                        612 * MIB),
                Measurement.of(BenchReport.PIPELINE_FULL, "pipeline, dynamodb + opensearch", 20_000, "events",
                        Duration.ofMillis(10_000), 1_700 * MIB).withDetails(Map.of("history_items", 20_000L, "documents", 12_413L)));
        Freshness f = new Freshness(Duration.ofSeconds(1), 200, 1_000, Duration.ofSeconds(5), 617, 617, 100,
                Duration.ofMillis(200), LatencySummary.of(new long[] {1_000, 2_000, 3_000}));
        return BenchReport.build("receivables", "20250101-120000-ab12", Instant.parse("2025-01-01T12:00:00Z"),
                Instant.parse("2025-01-01T12:01:20Z"), options(), machine(), rows, f);
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
        assertThat(rows.get(2)).contains("2,500  0.013x kafka raw").endsWith("612");
        assertThat(rows.get(3)).contains("0.010x kafka raw, 0.400x dynamodb raw x8").endsWith("1,700");
        // Right-aligned numbers: the rate column ends at the same position in every row.
        int rateEnd = lines.get(header).indexOf("rate/s") + "rate/s".length();
        for (String row : rows) {
            assertThat(Character.isDigit(row.charAt(rateEnd - 1))).as(row).isTrue();
            assertThat(row.charAt(rateEnd)).as(row).isEqualTo(' ');
        }
        assertThat(table).contains("freshness (window 1s, 1,000 events at 200/s, 617 of 617 receivables seen):"
                + " p50 2,000 ms  p95 3,000 ms  p99 3,000 ms  max 3,000 ms");
        assertThat(table).contains("bottleneck: pipeline alone.");
        assertThat(table).contains("  [NOT MET] sinks none >= 50% of raw Kafka consume: 1.3% (needs >= 50.0%)");
        assertThat(table).contains("  [n/a]     opensearch only (DynamoDB sink off) >= 10,000 events/s: not measured");
    }

    @Test
    void jsonHasTheSameNumbers() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report().toJson());
        assertThat(json.path("run_id").asText()).isEqualTo("20250101-120000-ab12");
        assertThat(json.path("options").path("window_ms").asLong()).isEqualTo(1_000);
        assertThat(json.path("machine").path("cores").asInt()).isEqualTo(2);
        assertThat(json.path("machine").path("max_heap_mib").asLong()).isEqualTo(4_096);
        assertThat(json.path("machine").path("dynamodb_storage").asText()).isEqualTo("in-memory");

        JsonNode rows = json.path("measurements");
        assertThat(rows).hasSize(4);
        JsonNode full = rows.get(3);
        assertThat(full.path("key").asText()).isEqualTo(BenchReport.PIPELINE_FULL);
        assertThat(full.path("seconds").decimalValue()).isEqualByComparingTo("10");
        assertThat(full.path("rate_per_s").decimalValue()).isEqualByComparingTo("2000");
        assertThat(full.path("ratios").path("kafka_raw").doubleValue()).isEqualTo(0.01);
        assertThat(full.path("ratios").path("dynamodb_raw_8_writers").doubleValue()).isEqualTo(0.4);
        assertThat(full.path("peak_heap_mib").doubleValue()).isEqualTo(1_700.0);
        assertThat(full.path("details").path("documents").asLong()).isEqualTo(12_413);
        assertThat(rows.get(1).path("peak_heap_mib").isNull()).isTrue();

        JsonNode f = json.path("freshness");
        assertThat(f.path("p50_ms").asLong()).isEqualTo(2_000);
        assertThat(f.path("p99_ms").asLong()).isEqualTo(3_000);
        assertThat(f.path("missing").asLong()).isZero();

        assertThat(json.path("bottleneck").path("component").asText()).isEqualTo("pipeline alone");
        assertThat(json.path("bottleneck").path("seconds").path("DynamoDB").doubleValue()).isEqualTo(4.0);
        JsonNode targets = json.path("targets");
        assertThat(targets).hasSize(4);
        assertThat(targets.get(0).path("met").asBoolean()).isFalse();
        assertThat(targets.get(1).path("met").isNull()).isTrue();
        assertThat(targets.get(1).path("actual").isNull()).isTrue();
    }

    @Test
    void numbersAreWrittenPlainAndUndefinedOnesAsNull() {
        assertThat(BenchReport.round(200_000.0, 1).toString()).isEqualTo("200000");
        assertThat(BenchReport.round(0.0125, 3).toString()).isEqualTo("0.013");
        assertThat(BenchReport.round(Double.NaN, 3)).isNull();
        assertThat(report().toJson()).doesNotContain("E+");
    }

    @Test
    void alignPadsEveryColumnToItsWidestCell() {
        String text = BenchReport.align(List.of(new String[] {"name", "n"}, new String[] {"a", "1,000"}),
                new boolean[] {false, true});
        assertThat(text).isEqualTo("name      n\n-----------\na     1,000\n");
    }

    @Test
    void durationsReadAsTheyWereTyped() {
        assertThat(BenchReport.durationText(Duration.ofSeconds(15))).isEqualTo("15s");
        assertThat(BenchReport.durationText(Duration.ofMillis(1_500))).isEqualTo("1500ms");
    }
}
