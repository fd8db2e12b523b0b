package io.fluxo.stack;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.FluxoConfig.StackSettings;
import io.fluxo.config.UserException;
import io.fluxo.stack.LaunchSpec.Port;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The local stack: each server (Kafka, DynamoDB Local, OpenSearch...) in its own background JVM with its own
 * classpath, detached from the terminal, with its pid file, log and data under the stack directory
 * ({@code fluxo.stack.dir}, by default {@code .fluxo}):
 * <pre>
 *   run/&lt;service&gt;.pid   logs/&lt;service&gt;.log   data/&lt;service&gt;/
 * </pre>
 * Every operation looks at the pid files, so {@code up}, {@code down} and {@code status} work across
 * commands and JVMs, and never touch a process that is not one of ours.
 */
public final class LocalStack {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration POLL = Duration.ofMillis(500);
    /** FileLock is per JVM, not per thread: threads of one JVM queue here before they take the file lock. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final StackSettings settings;
    private final StackPaths paths;
    private final PrintStream out;

    public LocalStack(StackSettings settings, Path fluxoHome) {
        this(settings, fluxoHome, System.out);
    }

    /**
     * {@code out} receives the progress lines, one per service; {@code new PrintStream(OutputStream.nullOutputStream())}
     * silences them.
     */
    public LocalStack(StackSettings settings, Path fluxoHome, PrintStream out) {
        this.settings = requireNonNull(settings, "settings");
        this.paths = new StackPaths(settings.dir(), requireNonNull(fluxoHome, "fluxoHome"));
        this.out = requireNonNull(out, "out");
    }

    /**
     * Where the servers' builds are ({@code stack/<name>/target}): system property {@code fluxo.home}, else
     * environment variable {@code FLUXO_INSTALL_DIR}, else the first directory from the current one upwards
     * that holds {@code stack/kafka/pom.xml} (the repository root).
     */
    public static Path fluxoHome() {
        return fluxoHome(System.getProperty("fluxo.home"), System.getenv("FLUXO_INSTALL_DIR"), Path.of(""));
    }

    static Path fluxoHome(String property, String environment, Path workingDir) {
        if (property != null && !property.isBlank()) {
            return existingHome(Path.of(property), "system property fluxo.home");
        }
        if (environment != null && !environment.isBlank()) {
            return existingHome(Path.of(environment), "FLUXO_INSTALL_DIR");
        }
        Path start = workingDir.toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("stack").resolve("kafka").resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new UserException("Cannot find the Fluxo installation: no stack/kafka/pom.xml in " + start
                + " or its parents (run from the Fluxo repository, or set FLUXO_INSTALL_DIR to it)");
    }

    private static Path existingHome(Path home, String source) {
        Path dir = home.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("stack"))) {
            throw new UserException("Cannot find the Fluxo installation: " + source + " is " + dir
                    + ", which has no stack/ directory (point it at the Fluxo repository root)");
        }
        return dir;
    }

    public StackSettings settings() {
        return settings;
    }

    /** The stack directory (absolute): data, logs and pid files. */
    public Path dir() {
        return paths.dir();
    }

    public Path dataDir(Service service) {
        return paths.dataDir(requireNonNull(service, "service"));
    }

    public Path logFile(Service service) {
        return paths.logFile(requireNonNull(service, "service"));
    }

    /** Where clients reach the service: {@code localhost:9092} for Kafka, an http:// URL for the others. */
    public String endpoint(Service service) {
        return spec(requireNonNull(service, "service")).endpoint();
    }

    public Map<Service, String> endpoints() {
        Map<Service, String> endpoints = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            endpoints.put(service, endpoint(service));
        }
        return Collections.unmodifiableMap(endpoints);
    }

    /**
     * Starts the services that are not running, in parallel, and returns once every one of them answers its
     * health check. A service already running (ours, healthy) is left alone, one still starting is waited for.
     *
     * @throws UserException when a port is taken, a server is not built, or a server exits or stays
     *     unhealthy for {@link #START_TIMEOUT}; it names the service and its log
     */
    public void up(Set<Service> services) {
        Set<Service> wanted = ordered(services);
        withLock(() -> {
            List<Waiting> waiting = new ArrayList<>();
            List<Service> toLaunch = new ArrayList<>();
            Map<Service, ProcessHandle> running = new EnumMap<>(Service.class);
            for (Service service : wanted) {
                Optional<ProcessHandle> process = ourProcess(service);
                if (process.isPresent()) {
                    checkSameSettings(service, spec(service), process.get());
                    running.put(service, process.get());
                } else {
                    toLaunch.add(service);
                }
            }
            List<Service> runningServices = List.copyOf(running.keySet());
            List<Boolean> healthy = inParallel(runningServices.stream()
                    .<Callable<Boolean>>map(service -> () -> spec(service).health().isHealthy()).toList());
            for (int i = 0; i < runningServices.size(); i++) {
                Service service = runningServices.get(i);
                ProcessHandle process = running.get(service);
                if (healthy.get(i)) {
                    report(service, "already running", endpoint(service), "pid " + process.pid());
                } else {
                    waiting.add(new Waiting(service, spec(service), process, null, System.nanoTime()));
                }
            }
            // Every check before the first launch: a port taken by OpenSearch must not leave Kafka half started.
            for (Service service : toLaunch) {
                checkBuilt(service);
                // A process a killed server left behind holds the ports; the new server stops it first.
                Optional<ProcessHandle> leftover = spec(service).leftover().find();
                leftover.ifPresent(process -> out.println(service + ": pid " + process.pid()
                        + ", left running by its earlier server, will be stopped first"));
                checkPorts(service, leftover.isEmpty());
            }
            if (!toLaunch.isEmpty()) {
                out.println("Starting " + toLaunch.stream().map(Service::cliName).collect(Collectors.joining(", "))
                        + " (logs in " + paths.logDir() + ")...");
            }
            for (Service service : toLaunch) {
                waiting.add(launch(service, spec(service)));
            }
            List<String> failures = inParallel(waiting.stream().<Callable<String>>map(w -> () -> awaitHealthy(w)).toList())
                    .stream().filter(failure -> !failure.isEmpty()).toList();
            if (!failures.isEmpty()) {
                throw new UserException(String.join("; ", failures));
            }
            return null;
        });
    }

    /**
     * Stops the services of our pid files: SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}. A service that is
     * not running is reported as such; a process that is not ours is never touched.
     */
    public void down(Set<Service> services) {
        Set<Service> wanted = ordered(services);
        withLock(() -> {
            Map<Service, ProcessHandle> stopping = new EnumMap<>(Service.class);
            long start = System.nanoTime();
            for (Service service : wanted) {
                Optional<ProcessHandle> running = ourProcess(service);
                if (running.isPresent()) {
                    running.get().destroy();
                    stopping.put(service, running.get());
                } else {
                    deletePidFile(service);
                    report(service, "not running", endpoint(service), "");
                }
            }
            stopping.forEach((service, process) -> {
                long remaining = Math.max(0, STOP_TIMEOUT.toNanos() - (System.nanoTime() - start));
                boolean stopped = awaitExit(process, Duration.ofNanos(remaining));
                if (!stopped) {
                    process.destroyForcibly();
                    if (!awaitExit(process, Duration.ofSeconds(10))) {
                        throw new UserException("Cannot stop " + service + ": pid " + process.pid()
                                + " survived SIGKILL (check it with ps; its pid file is " + paths.pidFile(service) + ")");
                    }
                }
                deletePidFile(service);
                report(service, stopped ? "stopped" : "killed", endpoint(service),
                        "pid " + process.pid() + (stopped ? ", " + seconds(System.nanoTime() - start)
                                : ", did not stop within " + STOP_TIMEOUT.toSeconds() + " s of SIGTERM"));
            });
            return null;
        });
    }

    /** The state of each service, in declaration order; health checks run in parallel. */
    public List<ServiceStatus> status(Set<Service> services) {
        Set<Service> wanted = ordered(services);
        return inParallel(wanted.stream().<Callable<ServiceStatus>>map(service -> () -> {
            LaunchSpec spec = spec(service);
            Optional<ProcessHandle> running = ourProcess(service);
            if (running.isEmpty()) {
                return new ServiceStatus(service, spec.endpoint(), null, ServiceStatus.State.STOPPED);
            }
            return new ServiceStatus(service, spec.endpoint(), running.get().pid(),
                    spec.health().isHealthy() ? ServiceStatus.State.RUNNING : ServiceStatus.State.UNHEALTHY);
        }).toList());
    }

    /** The pid of each service of ours that runs, in declaration order; no health checks (for the bench's CPU meter). */
    public Map<Service, Long> runningPids() {
        Map<Service, Long> pids = new java.util.LinkedHashMap<>();
        for (Service service : Service.values()) {
            ourProcess(service).ifPresent(p -> pids.put(service, p.pid()));
        }
        return pids;
    }

    /** SIGKILL, as a crash would: the pid file stays behind (the next {@link #up} sees it is stale). */
    public void kill(Service service) {
        requireNonNull(service, "service");
        ProcessHandle process = ourProcess(service).orElseThrow(
                () -> new UserException("Cannot kill " + service + ": it is not running"));
        process.destroyForcibly();
        if (!awaitExit(process, Duration.ofSeconds(10))) {
            throw new UserException("Cannot kill " + service + ": pid " + process.pid() + " survived SIGKILL");
        }
        report(service, "killed", spec(service).endpoint(), "pid " + process.pid());
    }

    /**
     * Stops a service as a crash would, for fault tests; the pid file stays behind and {@link #up} starts it again.
     * A JVM server gets SIGKILL, as from {@link #kill}. PostgreSQL's postmaster gets an immediate shutdown (SIGQUIT,
     * what {@code pg_ctl stop -m immediate} sends: sessions cut, no checkpoint, crash recovery on the next start),
     * since a SIGKILL of its JVM only makes the postmaster shut down cleanly; its JVM is killed after it.
     */
    public void crash(Service service) {
        requireNonNull(service, "service");
        ProcessHandle jvm = ourProcess(service).orElseThrow(
                () -> new UserException("Cannot crash " + service + ": it is not running"));
        if (service != Service.POSTGRES) {
            kill(service);
            return;
        }
        ProcessHandle postmaster = spec(service).leftover().find().orElseThrow(
                () -> new UserException("Cannot crash " + service + ": its JVM (pid " + jvm.pid() + ") runs no postmaster"));
        try {
            int code = new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            if (code != 0) {
                throw new UserException("Cannot crash " + service + ": kill -QUIT " + postmaster.pid() + " exited with code " + code);
            }
        } catch (IOException e) {
            throw new UserException("Cannot crash " + service + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("Cannot crash " + service + ": interrupted");
        }
        // Shut down, the postmaster stays a zombie of the lifeline shell, which reaps it only once the JVM's pipe
        // closes: the JVM would never see it exit, so it is killed once the lock file names no live postmaster.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (spec(service).leftover().find().isPresent() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        jvm.destroyForcibly();
        awaitExit(jvm, Duration.ofSeconds(10));
        if (!awaitExit(postmaster, Duration.ofSeconds(10))) {
            postmaster.destroyForcibly();
        }
        report(service, "crashed", spec(service).endpoint(), "postmaster pid " + postmaster.pid() + ", immediate shutdown");
    }

    LaunchSpec spec(Service service) {
        return service.spec(settings, paths);
    }

    private static Set<Service> ordered(Set<Service> services) {
        requireNonNull(services, "services");
        Set<Service> ordered = EnumSet.noneOf(Service.class);
        ordered.addAll(services);
        return ordered;
    }

    // ---- processes ----

    private record Waiting(Service service, LaunchSpec spec, ProcessHandle handle, Process launched, long startNanos) {
    }

    /** The process of the pid file, if it is alive and runs this service's main class (pids get reused). */
    private Optional<ProcessHandle> ourProcess(Service service) {
        Path pidFile = paths.pidFile(service);
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(line -> line.contains(service.mainClass())).orElse(false));
    }

    /** A server started with other ports or directories would never answer where we look: say so at once. */
    private void checkSameSettings(Service service, LaunchSpec spec, ProcessHandle process) {
        String expected = service.mainClass() + " " + String.join(" ", spec.args());
        String actual = process.info().commandLine().orElse("");
        if (!actual.endsWith(expected)) {
            String runningArgs = actual.substring(actual.indexOf(service.mainClass()) + service.mainClass().length()).strip();
            throw new UserException("Cannot start " + service + ": it already runs with other settings (pid "
                    + process.pid() + ", arguments " + runningArgs + "; configured " + String.join(" ", spec.args())
                    + "); stop it with ./fluxo stack down --services " + service + " and start it again");
        }
    }

    private void checkBuilt(Service service) {
        Path jar = paths.jar(service);
        if (!Files.isRegularFile(jar) || !Files.isDirectory(paths.libDir(service))) {
            throw new UserException("Cannot start " + service + ": its server is not built (" + jar
                    + " is missing); run ./mvnw -DskipTests package in " + paths.fluxoHome()
                    + ", or use ./fluxo, which builds on first use");
        }
    }

    private void checkPorts(Service service, boolean mustBeFree) {
        for (Port port : spec(service).ports()) {
            for (Service other : Service.values()) {
                for (Port otherPort : spec(other).ports()) {
                    if (otherPort.number() == port.number() && !otherPort.key().equals(port.key())) {
                        throw new UserException("Cannot start " + service + ": " + port.key() + " and " + otherPort.key()
                                + " are both " + port.number() + " (give each server its own port)");
                    }
                }
            }
            if (mustBeFree && !isFree(port.number())) {
                throw new UserException("Cannot start " + service + ": port " + port.number()
                        + " is in use by another process (change " + port.key() + ", e.g. " + port.envVariable() + "="
                        + port.suggestion() + ")");
            }
        }
    }

    /** Free on loopback, where the servers listen, and on the wildcard, which a server there would block. */
    static boolean isFree(int port) {
        return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                && canBind(new InetSocketAddress(port));
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Waiting launch(Service service, LaunchSpec spec) {
        List<String> command = command(service, spec);
        Path log = paths.logFile(service);
        try {
            Files.createDirectories(paths.dataDir(service));
            Files.createDirectories(paths.logDir());
            Files.createDirectories(paths.runDir());
            // Separates the runs in the appended log, and records what exactly was started.
            Files.writeString(log, System.lineSeparator() + "=== " + Instant.now() + " fluxo stack up: "
                    + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(paths.dataDir(service).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(spec.environment());
            Process process = builder.start();
            process.getOutputStream().close();
            Path pidFile = paths.pidFile(service);
            Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
            Files.writeString(tmp, process.pid() + System.lineSeparator());
            Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Waiting(service, spec, process.toHandle(), process, System.nanoTime());
        } catch (IOException e) {
            throw new UserException("Cannot start " + service + ": " + e.getMessage() + " (log: " + log + ")", e);
        }
    }

    private List<String> command(Service service, LaunchSpec spec) {
        List<String> command = new ArrayList<>();
        // A session of its own: Ctrl-C in the shell that ran `stack up` must not reach the servers.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(javaExecutable());
        command.add("-Xmx" + spec.heap());
        command.add("-cp");
        command.add(paths.jar(service) + File.pathSeparator + paths.libDir(service).resolve("*"));
        command.add(service.mainClass());
        command.addAll(spec.args());
        return command;
    }

    /** The servers run on the same Java as Fluxo itself. */
    private static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** "" once healthy (after printing the line), else the failure message. */
    private String awaitHealthy(Waiting w) throws InterruptedException {
        long deadline = w.startNanos() + START_TIMEOUT.toNanos();
        while (true) {
            if (!w.handle().isAlive()) {
                deletePidFile(w.service());
                String code = w.launched() == null ? "" : " with code " + w.launched().waitFor();
                return "Cannot start " + w.service() + ": the server exited" + code + " before it answered ("
                        + logHint(w.service()) + ")";
            }
            if (w.spec().health().isHealthy()) {
                report(w.service(), w.launched() == null ? "now running" : "started", w.spec().endpoint(),
                        "pid " + w.handle().pid() + ", " + seconds(System.nanoTime() - w.startNanos()));
                return "";
            }
            if (System.nanoTime() > deadline) {
                return "Cannot start " + w.service() + ": no answer at " + w.spec().endpoint() + " after "
                        + START_TIMEOUT.toSeconds() + " s; it still runs as pid " + w.handle().pid()
                        + " (run ./fluxo stack up again to keep waiting, or ./fluxo stack down --services " + w.service()
                        + " to stop it; " + logHint(w.service()) + ")";
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private String logHint(Service service) {
        Path log = paths.logFile(service);
        return "log " + log + lastLine(log).map(line -> ", last line: " + line).orElse("");
    }

    /** The last line worth reading: a stack trace's frames are skipped, its exception line is kept. */
    static Optional<String> lastLine(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, 64 * 1024);
            byte[] tail = new byte[size];
            file.seek(length - size);
            file.readFully(tail);
            List<String> lines = Arrays.asList(new String(tail, StandardCharsets.UTF_8).split("\\R"));
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i);
                String stripped = line.strip();
                boolean frame = stripped.startsWith("at ") && Character.isWhitespace(line.charAt(0))
                        || stripped.matches("\\.\\.\\. \\d+ more");
                if (!stripped.isEmpty() && !frame) {
                    return Optional.of(stripped.length() > 300 ? stripped.substring(0, 300) + "..." : stripped);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    private void deletePidFile(Service service) {
        try {
            Files.deleteIfExists(paths.pidFile(service));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- helpers ----

    private void report(Service service, String what, String endpoint, String detail) {
        String line = String.format(Locale.ROOT, "%-11s %-16s %-23s %s", service, what, endpoint, detail).stripTrailing();
        synchronized (out) {
            out.println(line);
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** One thread per task: there are a handful of tasks and each mostly waits on a server. */
    private static <T> List<T> inParallel(List<Callable<T>> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        if (tasks.size() == 1) {
            try {
                return List.of(tasks.get(0).call());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        ExecutorService executor = Executors.newFixedThreadPool(tasks.size(), runnable -> {
            Thread thread = new Thread(runnable, "fluxo-stack");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(executor.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the local stack", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            executor.shutdownNow();
        }
    }

    /** One stack command at a time per stack directory, across JVMs (file lock) and threads (JVM lock). */
    private <T> T withLock(Supplier<T> action) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(paths.dir(), dir -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(paths.runDir());
            Path lockFile = paths.runDir().resolve("stack.lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    out.println("Waiting for another fluxo stack command on " + paths.dir() + " to finish...");
                    lock = channel.lock();
                }
                try {
                    return action.get();
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UserException("Cannot lock the stack directory " + paths.dir() + ": " + e.getMessage()
                    + " (check that it is writable, or change fluxo.stack.dir)", e);
        } finally {
            jvmLock.unlock();
        }
    }
}
