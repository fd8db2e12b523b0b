package io.fluxo.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Test-only fault points: places where a fault test makes the JVM halt at a chosen batch, as a crash (kill -9, a
 * power cut) would, to prove that a replay of that batch writes nothing twice. Armed by the system property
 * {@code fluxo.fault.halt-at=<point>:<batch id>} (for a child JVM through {@code JAVA_TOOL_OPTIONS}); unset, a point
 * costs one property lookup. The halt skips the shutdown hooks, so nothing is flushed, closed or committed after the
 * point. A point reached on an executor halts that executor's JVM: in local mode, the driver's.
 */
public final class FaultPoint {
    public static final String PROPERTY = "fluxo.fault.halt-at";
    public static final int HALT_EXIT_CODE = 86;
    /** In one Spark partition of the transactions writer: its batch committed to PostgreSQL, not yet to Kafka. */
    public static final String AFTER_POSTGRES = "after-postgres";
    /** A pipeline's batch writer returned (every sink wrote the batch), Spark has not committed it to the checkpoint. */
    public static final String AFTER_SINKS = "after-sinks";
    private static final List<String> POINTS = List.of(AFTER_POSTGRES, AFTER_SINKS);

    private FaultPoint() {
    }

    /** Halts the JVM with exit code {@value #HALT_EXIT_CODE} when {@value #PROPERTY} names this point and batch. */
    public static void haltIfArmed(String point, long batchId) {
        String armed = System.getProperty(PROPERTY);
        if (armed != null && isArmed(armed, point, batchId)) {
            System.err.println("fluxo: fault point " + point + " reached in batch " + batchId + " (" + PROPERTY + "="
                    + armed + "): halting with exit code " + HALT_EXIT_CODE);
            System.err.flush();
            Runtime.getRuntime().halt(HALT_EXIT_CODE);
        }
    }

    /** Whether {@code armed}, a value of {@value #PROPERTY}, names this point and batch. */
    static boolean isArmed(String armed, String point, long batchId) {
        requireNonNull(point, "point");
        int colon = armed.lastIndexOf(':');
        String armedPoint = colon < 0 ? armed.strip() : armed.substring(0, colon).strip();
        if (colon < 0 || !POINTS.contains(armedPoint)) {
            throw invalid(armed);
        }
        long armedBatch;
        try {
            armedBatch = Long.parseLong(armed.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
            throw invalid(armed);
        }
        return armedPoint.equals(point) && armedBatch == batchId;
    }

    private static IllegalArgumentException invalid(String armed) {
        return new IllegalArgumentException("Invalid " + PROPERTY + ": " + armed + " (expected <point>:<batch id>, the"
                + " point one of " + String.join(", ", POINTS) + ", e.g. " + AFTER_SINKS + ":2)");
    }
}
