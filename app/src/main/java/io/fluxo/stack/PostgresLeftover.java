package io.fluxo.stack;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The postmaster that PostgreSQL's lock file {@code <cluster>/postmaster.pid} names, while it still runs on that
 * cluster. The postgres server JVM stops its postmaster when it exits, even when killed, but that takes a moment:
 * {@code stack up} right after a kill must not report the port as taken by another process.
 */
final class PostgresLeftover {
    private PostgresLeftover() {
    }

    static Optional<ProcessHandle> find(Path cluster) {
        requireNonNull(cluster, "cluster");
        List<String> lines;
        try {
            lines = Files.readAllLines(cluster.resolve("postmaster.pid"));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // The lock file outlives a crashed postmaster, and its pid may now be another program's.
        String clusterPath = cluster.toAbsolutePath().normalize().toString();
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(command -> command.endsWith("/postgres")).orElse(false))
                .filter(p -> p.info().commandLine().map(line -> line.contains(clusterPath)).orElse(false));
    }
}
