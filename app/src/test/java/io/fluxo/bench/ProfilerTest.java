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

    @Test
    void kindsShareTheSamples() {
        String collapsed = """
                java/lang/Thread.run;org/apache/spark/executor/Executor$TaskRunner.run;io/fluxo/X.parse 6
                thread_native_entry;CompileBroker::compiler_thread_loop;C2Compiler::compile_method 3
                G1ConcurrentMark::mark 1
                java/lang/Thread.run;io/fluxo/Driver.loop 2
                """;
        // 12 samples: tasks 6 (50%), JIT 3 (25%), GC 1 (8.3%), other 2 (16.7%).
        assertThat(Profiler.kinds(collapsed)).isEqualTo(
                "samples by kind: Spark tasks 50.0%, JIT compiler 25.0%, GC 8.3%, other 16.7% (12 samples)");
    }
}
