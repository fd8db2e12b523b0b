package io.fluxo.stack;

import static java.util.Objects.requireNonNull;

/** One server of the local stack as {@link LocalStack#status} found it; {@code pid} is null when stopped. */
public record ServiceStatus(Service service, String endpoint, Long pid, State state) {
    public ServiceStatus {
        requireNonNull(service, "service");
        requireNonNull(endpoint, "endpoint");
        requireNonNull(state, "state");
    }

    public enum State {
        /** The process runs and answers its health check. */
        RUNNING,
        /** The process runs but does not answer (starting, overloaded or stuck). */
        UNHEALTHY,
        /** No process of ours. */
        STOPPED
    }
}
