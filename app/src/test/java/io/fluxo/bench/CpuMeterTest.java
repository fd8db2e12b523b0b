package io.fluxo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuMeterTest {
    /** A real line's shape: fields 14-17 (utime stime cutime cstime) are 1200 300 40 5. */
    static String stat(String comm, long utime, long stime, long cutime, long cstime) {
        return "4242 (" + comm + ") S 1 4242 4242 0 -1 4194560 9055 0 12 0 " + utime + " " + stime + " " + cutime + " "
                + cstime + " 20 0 41 0 5180 6227337216 52417 18446744073709551615 1 1 0 0 0 0 0 4096 16384 0 0 0 17 1 0 0 0 0 0\n";
    }

    @Test
    void processTicksAreUserSystemAndWaitedForChildren() {
        assertThat(CpuMeter.parseProcessTicks(stat("java", 1200, 300, 40, 5))).isEqualTo(1545);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        assertThat(CpuMeter.parseProcessTicks(stat("po (st) gres: x", 7, 3, 0, 0))).isEqualTo(10);
    }

    @Test
    void aLineWithoutTheCommandIsRefused() {
        assertThatThrownBy(() -> CpuMeter.parseProcessTicks("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void machineBusyLeavesIdleAndIowaitOut() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        String stat = "cpu  100 2 30 5000 70 4 5 6 0 0\ncpu0 50 1 15 2500 35 2 2 3 0 0\nintr 1 2 3\n";
        assertThat(CpuMeter.parseMachineBusy(stat)).isEqualTo(100 + 2 + 30 + 4 + 5 + 6);
    }

    @Test
    void secondsPerProcessAndTheRestOfTheMachineAsOther() {
        CpuMeter.Snapshot before = new CpuMeter.Snapshot(Map.of("fluxo", 1_000L, "kafka", 200L), 5_000);
        CpuMeter.Snapshot after = new CpuMeter.Snapshot(Map.of("fluxo", 1_350L, "kafka", 230L), 5_400);
        // fluxo 350 ticks, kafka 30, machine 400 busy: 20 ticks by other processes
        assertThat(CpuMeter.seconds(before, after)).containsEntry("fluxo", 3.5).containsEntry("kafka", 0.3)
                .containsEntry(CpuMeter.OTHER, 0.2).hasSize(3);
    }

    @Test
    void aProcessGoneOrStartedDuringTheStepIsLeftOut() {
        CpuMeter.Snapshot before = new CpuMeter.Snapshot(Map.of("fluxo", 10L, "dynamodb", 5L), -1);
        CpuMeter.Snapshot after = new CpuMeter.Snapshot(Map.of("fluxo", 20L, "opensearch", 9L), -1);
        assertThat(CpuMeter.seconds(before, after)).containsExactly(Map.entry("fluxo", 0.1));
    }

    @Test
    void readsAProcFolder(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("77"));
        Files.writeString(proc.resolve("77").resolve("stat"), stat("java", 10, 20, 0, 0));
        Files.writeString(proc.resolve("stat"), "cpu  1 2 3 4 5 6 7 8 9 10\n");
        CpuMeter.Snapshot s = new CpuMeter(proc, Map.of("server", 77L, "gone", 999_999_999L)).snapshot();
        assertThat(s.ticks()).containsExactly(Map.entry("server", 30L));
        assertThat(s.machineBusyTicks()).isEqualTo(1 + 2 + 3 + 6 + 7 + 8);
    }
}
