package io.fluxo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.config.FluxoConfig;
import io.fluxo.stack.LocalStack;
import io.fluxo.stack.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Faults as Kafka's system tests and Jepsen run them, on the real test stack: a server stopped (SIGTERM, as
 * {@code fluxo stack down} does) or a pipeline's JVM killed at a chosen moment, then started again. The tests
 * that use these helpers count what was sent against what every sink holds.
 */
public final class Faults {
    private Faults() {
    }

    /** Stops one server of the test stack, keeps it down for {@code outage}, starts it again; returns the time it was unreachable. */
    public static Duration outage(Service service, Duration outage) {
        return outage(TestStack.stack(), service, outage);
    }

    /** The same, on a stack of other settings (see {@link #withDynamoDbOnDisk}). */
    public static Duration outage(LocalStack stack, Service service, Duration outage) {
        long start = System.nanoTime();
        stack.down(Set.of(service));
        sleep(outage);
        stack.up(Set.of(service));
        Duration down = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("FAULT " + service + " was down for " + down.toMillis() + " ms");
        return down;
    }

    public static void stop(Service service) {
        TestStack.stack().down(Set.of(service));
    }

    public static void start(Service service) {
        TestStack.stack().up(Set.of(service));
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
     * The documented one line of a pipeline stopped by a sink that stayed down (README "What happens when…"):
     * {@code fluxo: Pipeline <pipeline> stopped: <sinkPrefix>…after 8 attempts. Fix the server and run it again: it
     * resumes from its checkpoint}.
     */
    public static void assertDocumentedStop(String line, String pipeline, String sinkPrefix) {
        assertThat(line).as("the one line a stopped pipeline prints")
                .startsWith("fluxo: Pipeline " + pipeline + " stopped: " + sinkPrefix)
                .endsWith(" after 8 attempts. Fix the server and run it again: it resumes from its checkpoint");
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
