package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BenchNamesTest {
    final BenchNames names = BenchNames.create(Instant.parse("2025-03-04T05:06:07Z"), 0xABCDL);

    @Test
    void runIdsAreTimeAndRandomInLowerCase() {
        assertThat(names.runId()).isEqualTo("20250304-050607-abcd");
        assertThat(BenchNames.create(Instant.EPOCH, -1).runId()).isEqualTo("19700101-000000-ffff");
        assertThatThrownBy(() -> new BenchNames("Upper")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BenchNames("Bad_Id")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyNameCarriesTheRunIdAndItsSuffixAfterADash() {
        assertThat(names.name("bench-", BenchNames.LOAD)).isEqualTo("bench-20250304-050607-abcd");
        assertThat(names.name("bench-", BenchNames.FRESH)).isEqualTo("bench-20250304-050607-abcd-fresh");
        assertThat(names.name("T-", "tx-none-1")).isEqualTo("T-20250304-050607-abcd-tx-none-1");
        assertThat(names.dir(Path.of("/home/.fluxo"))).isEqualTo(Path.of("/home/.fluxo/bench/20250304-050607-abcd"));
    }
}
