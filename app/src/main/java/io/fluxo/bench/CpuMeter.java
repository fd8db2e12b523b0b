package io.fluxo.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Where the CPU went during one bench step, from Linux's {@code /proc}: the CPU time of each watched process
 * (this JVM, each server of the local stack) with its descendants (PostgreSQL's backends), and the machine's
 * busy time from {@code /proc/stat}, so that what other processes used on a shared machine shows as "other".
 * Without {@code /proc} (not Linux) a snapshot is empty and the step reports no CPU.
 */
final class CpuMeter {
    /** USER_HZ, the unit of /proc's CPU times: 100 on every Linux ABI (x86_64, aarch64) the JDK runs on. */
    static final long TICKS_PER_SECOND = 100;
    static final String OTHER = "other";

    private final Path proc;
    private final Map<String, Long> processes;

    /** @param processes what the report calls each watched process, to its pid, in report order */
    CpuMeter(Path proc, Map<String, Long> processes) {
        this.proc = requireNonNull(proc, "proc");
        this.processes = new LinkedHashMap<>(processes);
    }

    static CpuMeter of(Map<String, Long> processes) {
        return new CpuMeter(Path.of("/proc"), processes);
    }

    /** CPU ticks used so far per watched process (those gone or unreadable are left out) and by the machine. */
    record Snapshot(Map<String, Long> ticks, long machineBusyTicks) {
    }

    Snapshot snapshot() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        processes.forEach((name, pid) -> treeTicks(pid).ifPresent(t -> ticks.put(name, t)));
        return new Snapshot(ticks, machineBusy());
    }

    /**
     * CPU seconds each process used between the two snapshots, then "other": the machine's busy time that none
     * of them used (never below zero: the machine's counters and the processes' are read at slightly different moments).
     */
    static Map<String, Double> seconds(Snapshot before, Snapshot after) {
        Map<String, Double> out = new LinkedHashMap<>();
        long ours = 0;
        for (Map.Entry<String, Long> e : after.ticks().entrySet()) {
            Long was = before.ticks().get(e.getKey());
            if (was == null) {
                continue;
            }
            long used = Math.max(0, e.getValue() - was);
            ours += used;
            out.put(e.getKey(), used / (double) TICKS_PER_SECOND);
        }
        if (before.machineBusyTicks() >= 0 && after.machineBusyTicks() >= 0) {
            long other = Math.max(0, after.machineBusyTicks() - before.machineBusyTicks() - ours);
            out.put(OTHER, other / (double) TICKS_PER_SECOND);
        }
        return out;
    }

    /** The process's utime + stime + cutime + cstime and its living descendants'; empty when it is gone. */
    private OptionalLong treeTicks(long pid) {
        OptionalLong own = processTicks(pid);
        if (own.isEmpty()) {
            return own;
        }
        long sum = own.getAsLong();
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            for (ProcessHandle child : (Iterable<ProcessHandle>) handle.get().descendants()::iterator) {
                sum += processTicks(child.pid()).orElse(0);
            }
        }
        return OptionalLong.of(sum);
    }

    private OptionalLong processTicks(long pid) {
        try {
            return OptionalLong.of(parseProcessTicks(Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private long machineBusy() {
        try {
            return parseMachineBusy(Files.readString(proc.resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * utime + stime + cutime + cstime (fields 14 to 17) of a /proc/PID/stat line. The command name (field 2) is
     * in parentheses and may itself hold spaces and parentheses, so the fields are counted after the last ')'.
     */
    static long parseProcessTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("Not a /proc/PID/stat line: " + stat);
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3].
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    /** user + nice + system + irq + softirq + steal of /proc/stat's "cpu" line (idle and iowait are not busy). */
    static long parseMachineBusy(String stat) {
        for (String line : stat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long busy = 0;
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                    busy += i < f.length ? Long.parseLong(f[i]) : 0;
                }
                return busy;
            }
        }
        throw new IllegalArgumentException("No cpu line in /proc/stat");
    }
}
