package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's shape for any plan; each plan's test pins its own rows, ratios, bottleneck and targets. */
class BenchReportTest {
    static final long MIB = 1024 * 1024;
    static final BenchPlan.Flag SHOWN = new BenchPlan.Flag("--users", "U", "Users.", "users", 1000, 2, 999_999, "users");
    static final BenchPlan.Flag HIDDEN = new BenchPlan.Flag("--items", "N", "Items.", "items", 500, 100,
            Integer.MAX_VALUE, null);
    static final BenchPlan.Nouns NOUNS = new BenchPlan.Nouns("things", "rows", "things", "row");

    static BenchReport report(Freshness freshness) {
        Map<BenchPlan.Flag, Long> flags = new LinkedHashMap<>();
        flags.put(HIDDEN, 500L);
        flags.put(SHOWN, 1_000L);
        BenchOptions options = new BenchOptions(20_000, 1_000, 200, Duration.ofSeconds(1), 42, null, false, true, true,
                true, flags);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("sink_url", "http://localhost:1");
        facts.put("sink_writers", 8);
        MachineInfo machine = new MachineInfo(2, 4096 * MIB, 24 * 1024 * MIB, "17.0.15", "Debian", "Linux", "4.1.0",
                "local[*]", 4, "3.9.1", "localhost:9092", new MachineInfo.Facts("Sink 1.2", facts));
        List<Measurement> rows = List.of(
                Measurement.of(BenchReport.KAFKA_RAW, "kafka raw consume", 20_000, "events", Duration.ofMillis(100), 80 * MIB),
                Measurement.of("sink_raw", "sink raw", 5_000, "items", Duration.ofMillis(1_000), -1),
                Measurement.of(BenchReport.PIPELINE_NONE, "pipeline, sinks none", 20_000, "events", Duration.ofMillis(8_000),
                        612 * MIB).withRatioTo("kafka_raw", "kafka raw", Measurement.of("k", "k", 20_000, "events",
                        Duration.ofMillis(100), -1)));
        return new BenchReport("things", NOUNS, "20250101-120000-ab12", Instant.parse("2025-01-01T12:00:00Z"),
                Instant.parse("2025-01-01T12:01:20Z"), options, machine, rows, freshness, null, List.of());
    }

    static Freshness freshness(int measured) {
        return new Freshness(Duration.ofSeconds(1), 200, 1_000, Duration.ofSeconds(5), 617, measured, 100,
                Duration.ofMillis(200), measured == 0 ? null : LatencySummary.of(new long[] {1_000, 2_000, 3_000}));
    }

    @Test
    void tableHasTheWorkloadThePlansSummaryAndOneAlignedRowPerMeasurement() {
        String table = report(freshness(617)).table();
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).isEqualTo("things bench 20250101-120000-ab12: 20,000 events, window 1s, 1,000 users"
                + " | 2 cores, max heap 4,096 MiB, Java 17.0.15, Spark 4.1.0, Sink 1.2");
        assertThat(lines.get(2)).startsWith("measurement");
        assertThat(lines.get(3)).matches("-+");
        assertThat(lines.get(4)).startsWith("kafka raw consume ").contains("20,000  events").contains("200,000")
                .endsWith("80");
        assertThat(lines.get(5)).contains("5,000  items").endsWith("-");
        assertThat(lines.get(6)).containsPattern("2,500 +- +0\\.013x kafka raw").endsWith("612");
        int rateEnd = lines.get(2).indexOf("rate/s") + "rate/s".length();
        for (String row : lines.subList(4, 7)) {
            assertThat(Character.isDigit(row.charAt(rateEnd - 1))).as(row).isTrue();
            assertThat(row.charAt(rateEnd)).as(row).isEqualTo(' ');
        }
        assertThat(table).contains("\nfreshness (window 1s, 1,000 things at 200/s, 617 of 617 rows seen):"
                + " p50 2,000 ms  p95 3,000 ms  p99 3,000 ms  max 3,000 ms\n").endsWith("targets:\n");
        assertThat(report(freshness(0)).table()).contains("0 of 617 rows seen, 617 MISSING): no row appeared");
    }

    @Test
    void jsonHasThePlansOptionsAndFactsInTheirPlaces() throws Exception {
        String text = report(freshness(617)).toJson();
        JsonNode json = new ObjectMapper().readTree(text);
        assertThat(json.path("pipeline").asText()).isEqualTo("things");
        List<String> options = new ArrayList<>();
        json.path("options").fieldNames().forEachRemaining(options::add);
        assertThat(options).containsExactly("events", "freshness_events", "freshness_rate", "window_ms", "items", "users",
                "seed", "kept");
        assertThat(json.path("options").path("users").asLong()).isEqualTo(1_000);
        List<String> machine = new ArrayList<>();
        json.path("machine").fieldNames().forEachRemaining(machine::add);
        assertThat(machine).endsWith("kafka_clients_version", "kafka_bootstrap_servers", "sink_url", "sink_writers");
        assertThat(json.path("machine").path("sink_writers").isNumber()).isTrue();
        assertThat(json.path("machine").path("max_heap_mib").asLong()).isEqualTo(4_096);
        assertThat(json.path("measurements").get(1).path("peak_heap_mib").isNull()).isTrue();
        assertThat(json.path("measurements").get(2).path("ratios").path("kafka_raw").doubleValue()).isEqualTo(0.0125);
        assertThat(json.path("freshness").path("things").asLong()).isEqualTo(617);
        assertThat(json.path("freshness").path("p50_ms").asLong()).isEqualTo(2_000);
        assertThat(json.path("bottleneck").isNull()).isTrue();
        assertThat(text).doesNotContain("E+");
    }

    @Test
    void numbersAreWrittenPlainAndUndefinedOnesAsNull() {
        assertThat(BenchReport.round(200_000.0, 1).toString()).isEqualTo("200000");
        assertThat(BenchReport.round(0.0125, 3).toString()).isEqualTo("0.013");
        assertThat(BenchReport.round(Double.NaN, 3)).isNull();
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
