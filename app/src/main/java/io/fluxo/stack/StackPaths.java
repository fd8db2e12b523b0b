package io.fluxo.stack;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where the stack keeps its state ({@code dir}: data, logs, pid files) and where the servers' builds are
 * ({@code fluxoHome}: the repository root or installation, which holds {@code stack/<name>/target}).
 */
record StackPaths(Path dir, Path fluxoHome) {
    StackPaths {
        dir = requireNonNull(dir, "dir").toAbsolutePath().normalize();
        fluxoHome = requireNonNull(fluxoHome, "fluxoHome").toAbsolutePath().normalize();
    }

    Path dataDir(Service service) {
        return dir.resolve("data").resolve(service.cliName());
    }

    Path logDir() {
        return dir.resolve("logs");
    }

    Path logFile(Service service) {
        return logDir().resolve(service.cliName() + ".log");
    }

    Path runDir() {
        return dir.resolve("run");
    }

    Path pidFile(Service service) {
        return runDir().resolve(service.cliName() + ".pid");
    }

    Path moduleTarget(Service service) {
        return fluxoHome.resolve("stack").resolve(service.cliName()).resolve("target");
    }

    Path jar(Service service) {
        return moduleTarget(service).resolve("fluxo-stack-" + service.cliName() + ".jar");
    }

    Path libDir(Service service) {
        return moduleTarget(service).resolve("lib");
    }
}
