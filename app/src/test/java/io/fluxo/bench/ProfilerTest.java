package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProfilerTest {
    @Test
    void summaryGivesCpuPerEvent() {
        // 20.1 s of CPU over 50,000 events: 20,100,000 µs / 50,000 = 402 µs each.
        assertThat(Profiler.summary("cpu", 12.34, 20_100_000_000L, 50_000))
                .isEqualTo("profile (cpu): 12.3 s wall, 20.1 s CPU of the process, 402 µs CPU per event (50,000 events)");
    }

    @Test
    void summaryOfNoEventsIsZeroPerEvent() {
        assertThat(Profiler.summary("itimer", 1.0, 3_000_000_000L, 0))
                .isEqualTo("profile (itimer): 1.0 s wall, 3.0 s CPU of the process, 0 µs CPU per event (0 events)");
    }
}
