package io.fluxo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.config.FluxoConfig;
import io.fluxo.pipeline.FaultPoint;
import io.fluxo.stack.LocalStack;
import io.fluxo.stack.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Faults as Kafka's system tests and Jepsen run them, on the real test stack: a server killed as a crash would
 * kill it ({@link LocalStack#crash}) and started again, or a pipeline's JVM halted at a chosen point of a chosen
 * batch ({@link FaultPoint}). The tests that use these helpers count what was sent against what every sink holds
 * and print one line each, {@code FAULT <what>: sent …, written …, dead letters …, duplicates …, <outcome>, T s}.
 */
public final class Faults {
    /** The outcomes a sink outage may have; both keep every record, once. */
    public static final String RODE_IT_OUT = "rode it out";
    public static final String STOPPED_AND_RESUMED = "stopped with its one line, resumed by a second run";
    /** How the pipeline's one line of a stop ends, whatever the sink and its retry policy (README "What happens when…"). */
    public static final String STOP_LINE_END = "Fix the server and run it again: it resumes from its checkpoint";

    private Faults() {
    }

    /** One outage: how the server was killed, how long it stayed down, and how long until it answered again. */
    public record Outage(Service service, String how, Duration down, Duration unreachable) {
        /** "postgres killed (immediate shutdown) for 30 s, unreachable 34 s". */
        public String describe() {
            return service + " killed (" + how + ")" + (down.isZero() ? " and started at once" : " for "
                    + down.toSeconds() + " s") + ", unreachable " + unreachable.toSeconds() + " s";
        }
    }

    /** Kills one server of the test stack, keeps it down for {@code down}, starts it again. */
    public static Outage outage(Service service, Duration down) {
        return outage(TestStack.stack(), service, down);
    }

    /** The same, on a stack of other settings (see {@link #withDynamoDbOnDisk}). */
    public static Outage outage(LocalStack stack, Service service, Duration down) {
        long start = System.nanoTime();
        stack.crash(service);
        sleep(down);
        stack.up(Set.of(service));
        Outage outage = new Outage(service, service == Service.POSTGRES ? "immediate shutdown" : "SIGKILL", down,
                Duration.ofNanos(System.nanoTime() - start));
        System.out.println("fault: " + outage.describe());
        return outage;
    }

    /**
     * Runs {@code body} with the test stack's DynamoDB Local on disk instead of in memory (an in-memory one loses
     * every table when it stops), then puts the in-memory one back for the tests that follow. Tables of earlier
     * tests are gone afterwards; each test makes its own.
     */
    public static void withDynamoDbOnDisk(StackBody body) throws Exception {
        FluxoConfig onDisk = TestStack.config(Map.of("FLUXO_STACK_DYNAMODB_IN__MEMORY", "false"));
        LocalStack disk = new LocalStack(onDisk.stack(), LocalStack.fluxoHome(), System.out);
        TestStack.stack().down(Set.of(Service.DYNAMODB));
        try {
            disk.up(Set.of(Service.DYNAMODB));
            body.run(disk);
        } finally {
            disk.down(Set.of(Service.DYNAMODB));
            TestStack.stack().up(Set.of(Service.DYNAMODB));
        }
    }

    public interface StackBody {
        void run(LocalStack stack) throws Exception;
    }

    /** The environment of a child JVM that halts at {@code point} of batch {@code batchId} (see {@link FaultPoint}). */
    public static Map<String, String> haltAt(String point, long batchId) {
        String inherited = System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", "");
        return Map.of("JAVA_TOOL_OPTIONS", (inherited + " -D" + FaultPoint.PROPERTY + "=" + point + ":" + batchId).strip());
    }

    /**
     * Asserts that a child JVM halted at its fault point and that Spark had planned {@code batchId} (its offset log
     * file is in the checkpoint) but not committed it (no commit file): the crash landed in the window.
     */
    public static void assertHaltedBeforeCommit(int exitCode, Path checkpoint, long batchId, Path log) {
        assertThat(exitCode).as("the child's exit code: it halts at its fault point; see " + log)
                .isEqualTo(FaultPoint.HALT_EXIT_CODE);
        assertThat(checkpoint.resolve("offsets").resolve(Long.toString(batchId)))
                .as("batch " + batchId + " planned in the checkpoint's offset log").exists();
        assertThat(checkpoint.resolve("commits").resolve(Long.toString(batchId)))
                .as("batch " + batchId + " not committed to the checkpoint").doesNotExist();
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            sleep(Duration.ofMillis(250));
        }
    }

    /** Waits for a child pipeline to exit, failing after {@code timeout} (the child is then killed); its exit code. */
    public static int exitCode(Process child, Duration timeout, Path log) throws InterruptedException {
        if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("The pipeline did not exit within " + timeout.toSeconds() + " s; see " + log);
        }
        return child.exitValue();
    }

    /** SIGKILL, then wait for the process to be gone. */
    public static void kill(Process child) throws InterruptedException {
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
    }

    /** The last "Pipeline … stopped: …" or "Pipeline … failed: …" line of a child's log, if any. */
    public static Optional<String> lastPipelineError(Path log) {
        List<String> errors = lines(log).stream()
                .filter(l -> l.contains("Pipeline ") && (l.contains(" stopped: ") || l.contains(" failed: "))).toList();
        return errors.isEmpty() ? Optional.empty() : Optional.of(errors.get(errors.size() - 1));
    }

    public static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The documented one line of a pipeline stopped by a server that stayed down (README "What happens when…"):
     * {@code fluxo: Pipeline <pipeline> stopped: <sinkText>… Fix the server and run it again: it resumes from its
     * checkpoint}. Only its start and end are fixed: the middle (attempts, time spent) is the sink's retry policy's.
     */
    public static void assertDocumentedStop(String line, String pipeline, String sinkText) {
        assertThat(line).as("the one line a stopped pipeline prints")
                .startsWith("fluxo: Pipeline " + pipeline + " stopped: " + sinkText)
                .endsWith(". " + STOP_LINE_END);
    }

    /** Seconds since {@code startedNanos}, for the FAULT line. */
    public static String since(long startedNanos) {
        return String.format(Locale.ROOT, "%d s", Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
