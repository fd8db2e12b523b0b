package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchNamesTest {
    final BenchNames names = BenchNames.create(Instant.parse("2025-03-04T05:06:07Z"), 0xABCDL);

    @Test
    void runIdsAreTimeAndRandomInLowerCase() {
        assertThat(names.runId()).isEqualTo("20250304-050607-abcd");
        assertThat(BenchNames.create(Instant.EPOCH, -1).runId()).isEqualTo("19700101-000000-ffff");
        assertThatThrownBy(() -> new BenchNames("Upper")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyNameCarriesTheRunId() {
        assertThat(names.topics(BenchNames.LOAD).all()).containsExactly("bench-20250304-050607-abcd.agendados",
                "bench-20250304-050607-abcd.cancelados", "bench-20250304-050607-abcd.negociados",
                "bench-20250304-050607-abcd.dlq");
        assertThat(names.topics(BenchNames.FRESH).agendados()).isEqualTo("bench-20250304-050607-abcd-fresh.agendados");
        assertThat(names.table(BenchNames.LOAD)).isEqualTo("Recebiveis-bench-20250304-050607-abcd");
        assertThat(names.table(BenchNames.RAW)).isEqualTo("Recebiveis-bench-20250304-050607-abcd-raw");
        assertThat(names.index(BenchNames.OPENSEARCH_ONLY)).isEqualTo("ciclo-bench-20250304-050607-abcd-os");
        assertThat(names.allTopics()).hasSize(12).allMatch(t -> t.startsWith("bench-" + names.runId()));
        assertThat(names.allIndices()).allMatch(i -> i.equals(i.toLowerCase(Locale.ROOT)));
        assertThat(names.dir(Path.of("/home/.fluxo"))).isEqualTo(Path.of("/home/.fluxo/bench/20250304-050607-abcd"));
    }

    @Test
    void overridesPointThePipelineAtTheRunsNames() {
        Map<String, String> o = names.overrides(BenchNames.LOAD, names.table(BenchNames.LOAD), names.index(BenchNames.LOAD),
                "none", Path.of("/tmp/b/sinks-none"), Duration.ofSeconds(1));
        assertThat(o).containsEntry("fluxo.receivables.topics.agendados", "bench-20250304-050607-abcd.agendados")
                .containsEntry("fluxo.receivables.topics.cancelados", "bench-20250304-050607-abcd.cancelados")
                .containsEntry("fluxo.receivables.topics.negociados", "bench-20250304-050607-abcd.negociados")
                .containsEntry("fluxo.receivables.dlq-topic", "bench-20250304-050607-abcd.dlq")
                .containsEntry("fluxo.receivables.table", "Recebiveis-bench-20250304-050607-abcd")
                .containsEntry("fluxo.receivables.index", "ciclo-bench-20250304-050607-abcd")
                .containsEntry("fluxo.receivables.sinks", "none")
                .containsEntry("fluxo.checkpoint-dir", "/tmp/b/sinks-none")
                .containsEntry("fluxo.receivables.window", "1000ms");
    }
}
