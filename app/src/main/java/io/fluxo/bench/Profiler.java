package io.fluxo.bench;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.UserException;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import one.profiler.AsyncProfiler;

/**
 * A CPU profile of one stretch of this JVM with async-profiler (`./fluxo bench <pipeline> --profile FILE`): a
 * flame graph in FILE (HTML), the same stacks collapsed in FILE.collapsed, and the top frames by self time on
 * screen. Samples on-CPU time with perf events where the kernel allows it, else with the interval timer.
 */
public final class Profiler {
    static final int TOP_FRAMES = 15;
    static final String INTERVAL = "5ms";

    private final AsyncProfiler profiler;
    private final Path html;
    private final String event;
    private final long cpuNanosAtStart;
    private final long startedAt;

    private Profiler(AsyncProfiler profiler, Path html, String event) {
        this.profiler = profiler;
        this.html = html;
        this.event = event;
        this.cpuNanosAtStart = processCpuNanos();
        this.startedAt = System.nanoTime();
    }

    /** Starts profiling every thread of this JVM; one line when the native library cannot be loaded here. */
    public static Profiler start(Path html) {
        requireNonNull(html, "html");
        AsyncProfiler profiler;
        try {
            profiler = AsyncProfiler.getInstance();
        } catch (UnsatisfiedLinkError | IllegalStateException e) {
            throw new UserException("Cannot profile: async-profiler does not load on this machine (" + e.getMessage()
                    + "); run without --profile");
        }
        String event = "cpu";
        try {
            profiler.execute("start,event=cpu,interval=" + INTERVAL);
        } catch (IllegalStateException | IOException perfEventsRefused) {
            event = "itimer";
            execute(profiler, "start,event=itimer,interval=" + INTERVAL);
        }
        return new Profiler(profiler, html, event);
    }

    /** Stops, writes the flame graph and the collapsed stacks, and prints the totals and the top frames. */
    public void stop(long events, PrintWriter out) {
        long cpuNanos = processCpuNanos() - cpuNanosAtStart;
        double wallSeconds = (System.nanoTime() - startedAt) / 1e9;
        execute(profiler, "stop");
        Path collapsed = html.resolveSibling(html.getFileName() + ".collapsed");
        try {
            if (html.toAbsolutePath().getParent() != null) {
                Files.createDirectories(html.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new UserException("Cannot write the profile " + html + ": " + e.getMessage(), e);
        }
        execute(profiler, "flamegraph,file=" + html.toAbsolutePath());
        execute(profiler, "collapsed,file=" + collapsed.toAbsolutePath());
        out.println(summary(event, wallSeconds, cpuNanos, events));
        out.println("  " + kinds(execute(profiler, "collapsed")));
        out.println("  flame graph " + html.toAbsolutePath() + ", collapsed stacks " + collapsed.toAbsolutePath());
        out.println(execute(profiler, "flat=" + TOP_FRAMES + ",traces=0").strip());
        out.flush();
    }

    /** "profile (cpu): 12.3 s wall, 20.1 s CPU of the process, 402 µs CPU per event (50,000 events)". */
    static String summary(String event, double wallSeconds, long cpuNanos, long events) {
        return String.format(Locale.ROOT, "profile (%s): %.1f s wall, %.1f s CPU of the process, %,.0f µs CPU per event"
                + " (%,d events)", event, wallSeconds, cpuNanos / 1e9, events == 0 ? 0 : cpuNanos / 1e3 / events, events);
    }

    /**
     * The samples by kind of work, from collapsed stacks ("frame;frame;... count" a line): the JIT compiler, the
     * garbage collector, Spark's tasks, and the rest (driver, Kafka clients' threads, ...).
     */
    static String kinds(String collapsed) {
        long jit = 0;
        long gc = 0;
        long tasks = 0;
        long total = 0;
        for (String line : collapsed.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long samples = Long.parseLong(line.substring(space + 1).strip());
            String stack = line.substring(0, space);
            total += samples;
            if (stack.contains("CompileBroker::")) {
                jit += samples;
            } else if (stack.startsWith("G1") || stack.contains(";G1") || stack.contains("GangWorker::")
                    || stack.contains("ConcurrentGCThread::")) {
                gc += samples;
            } else if (stack.contains("Executor$TaskRunner.run")) {
                tasks += samples;
            }
        }
        return String.format(Locale.ROOT, "samples by kind: Spark tasks %s, JIT compiler %s, GC %s, other %s (%,d samples)",
                share(tasks, total), share(jit, total), share(gc, total), share(total - tasks - jit - gc, total), total);
    }

    private static String share(long part, long total) {
        return String.format(Locale.ROOT, "%.1f%%", total == 0 ? 0 : 100.0 * part / total);
    }

    private static String execute(AsyncProfiler profiler, String command) {
        try {
            return profiler.execute(command);
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException("Cannot profile: async-profiler refused '" + command + "': " + e.getMessage(), e);
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
