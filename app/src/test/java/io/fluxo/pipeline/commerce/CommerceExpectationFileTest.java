package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commerce expect file: its exact lines, a round trip of a generated run, and one-line errors. */
class CommerceExpectationFileTest {
    @TempDir
    Path dir;

    private static CommerceExpectation small() {
        return new CommerceExpectation(CommerceExpectation.Assumptions.defaults(), List.of(
                new CommerceExpectation.Event("ev-1", "c000007", "p00001", EventType.PURCHASE, new BigDecimal("39.80"),
                        Instant.parse("2026-01-05T12:00:03.250Z").toEpochMilli()),
                new CommerceExpectation.Event("ev-2", "c90000001", "p90000002", EventType.PAGE_VIEW,
                        new BigDecimal("0.00"), Instant.parse("2026-01-05T12:00:04Z").toEpochMilli())),
                Map.of("p00001", "books"), Map.of("c000007", "vip"),
                List.of(new CommerceExpectation.InvalidRecord(CommerceReason.NOT_JSON, "ab12")));
    }

    @Test
    void theFileHoldsTheSettingsTheCatalogTheEventsTheInvalidRecordsAndTheCounts() throws IOException {
        Path file = dir.resolve("sub/commerce.jsonl");
        CommerceExpectationFile.write(file, small());
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly(
                "{\"commerce_expectation\":1,\"watermark_ms\":10000,\"session_gap_ms\":300000,\"anomaly_z\":3,"
                        + "\"anomaly_history\":30,\"anomaly_min_history\":10}",
                "{\"product\":\"p00001\",\"category\":\"books\"}",
                "{\"product\":\"p90000002\",\"category\":null}",
                "{\"user\":\"c000007\",\"segment\":\"vip\"}",
                "{\"user\":\"c90000001\",\"segment\":null}",
                "{\"event_id\":\"ev-1\",\"user_id\":\"c000007\",\"product_id\":\"p00001\",\"event_type\":\"purchase\","
                        + "\"amount\":39.80,\"event_time\":\"2026-01-05T12:00:03.250Z\"}",
                "{\"event_id\":\"ev-2\",\"user_id\":\"c90000001\",\"product_id\":\"p90000002\",\"event_type\":\"page_view\","
                        + "\"amount\":0.00,\"event_time\":\"2026-01-05T12:00:04Z\"}",
                "{\"invalid\":\"NOT_JSON\",\"value_sha256\":\"ab12\"}",
                "{\"sent\":{\"records\":3,\"events\":2,\"invalid\":{\"NOT_JSON\":1}}}");
        assertThat(CommerceExpectationFile.read(file)).isEqualTo(small());
    }

    @Test
    void aGeneratedRunReadsBackAsWritten() {
        CommerceGenerator g = new CommerceGenerator(new CommerceGenerator.Options(5, 2_000, 50, 300, 42,
                CommerceGenerator.DEFAULT_START.toEpochMilli(), 20, 0.1, 0.05, 0.1),
                new CommerceExpectation.Assumptions(15_000, 120_000, new BigDecimal("2.5"), 20, 5), 512, true);
        g.forEachRemaining(s -> { });
        CommerceExpectation x = g.expectation(2_000);
        Path file = dir.resolve("run.jsonl");
        CommerceExpectationFile.write(file, x);
        CommerceExpectation back = CommerceExpectationFile.read(file);
        assertThat(back).isEqualTo(x);
        assertThat(back.tables(List.of())).isEqualTo(x.tables(List.of()));
    }

    @Test
    void aMissingOrBrokenFileIsOneLine() throws IOException {
        Path missing = dir.resolve("none.jsonl");
        assertThatThrownBy(() -> CommerceExpectationFile.read(missing)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read expectation " + missing
                        + ": no such file (write one with fluxo produce commerce --expect FILE)");

        Path other = dir.resolve("other.jsonl");
        Files.writeString(other, "{\"id_transacao\":\"t1\"}\n");
        assertThatThrownBy(() -> CommerceExpectationFile.read(other)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read expectation " + other
                        + ": line 1: not a commerce expectation (no commerce_expectation header)");

        Path file = dir.resolve("cut.jsonl");
        CommerceExpectationFile.write(file, small());
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, lines.size() - 1));
        assertThatThrownBy(() -> CommerceExpectationFile.read(file)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read expectation " + file + ": no \"sent\" line at the end (was the file cut short?)");

        Files.write(file, List.of(lines.get(0), lines.get(5), lines.get(8)));
        assertThatThrownBy(() -> CommerceExpectationFile.read(file)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read expectation " + file
                        + ": the \"sent\" line counts 3 records and 2 events, the file holds 1 and 1");

        Files.write(file, List.of(lines.get(0), lines.get(5).replace("39.80", "39.805"), lines.get(8)));
        assertThatThrownBy(() -> CommerceExpectationFile.read(file)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read expectation " + file + ": line 2: invalid amount: 39.805 (more than 2 decimal places)");
    }
}
