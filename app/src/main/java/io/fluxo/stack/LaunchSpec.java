package io.fluxo.stack;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What differs between the servers of the stack: the JVM heap, the main class arguments, the ports it
 * binds (with the configuration key of each, for the "port in use" message), where clients reach it, how
 * to tell it answers, how to find a process an earlier run of it left behind, and the environment variables
 * it gets besides Fluxo's own: secrets go there, never into the arguments, which {@code ps} and the log show.
 */
record LaunchSpec(String heap, List<String> args, List<Port> ports, String endpoint, HealthCheck health,
        Leftover leftover, Map<String, String> environment) {
    LaunchSpec {
        requireNonNull(heap, "heap");
        args = List.copyOf(args);
        ports = List.copyOf(ports);
        requireNonNull(endpoint, "endpoint");
        requireNonNull(health, "health");
        requireNonNull(leftover, "leftover");
        environment = Map.copyOf(environment);
    }

    /** A server whose JVM is the whole server: nothing can outlive it. */
    LaunchSpec(String heap, List<String> args, List<Port> ports, String endpoint, HealthCheck health) {
        this(heap, args, ports, endpoint, health, Optional::empty, Map.of());
    }

    LaunchSpec(String heap, List<String> args, List<Port> ports, String endpoint, HealthCheck health, Leftover leftover) {
        this(heap, args, ports, endpoint, health, leftover, Map.of());
    }

    /** A port a server binds, and the configuration key that sets it. */
    record Port(String key, int number) {
        Port {
            requireNonNull(key, "key");
        }

        /** fluxo.stack.kafka.controller-port → FLUXO_STACK_KAFKA_CONTROLLER__PORT, as FluxoConfig reads it. */
        String envVariable() {
            return key.toUpperCase(java.util.Locale.ROOT).replace("-", "__").replace('.', '_');
        }

        /** A port to suggest instead: deterministic, so that the message is the same on every run. */
        int suggestion() {
            return number + 10000 <= 65535 ? number + 10000 : number - 10000;
        }
    }

    /**
     * A process that a killed server JVM left running (PostgreSQL's postmaster is a process of its own), which
     * holds the server's ports until the next server JVM stops it. Never throws.
     */
    @FunctionalInterface
    interface Leftover {
        Optional<ProcessHandle> find();
    }

    /** Answers within a few seconds and never throws: false when the server does not (yet) answer. */
    @FunctionalInterface
    interface HealthCheck {
        boolean isHealthy();
    }
}
