package io.fluxo.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.FluxoConfig.StackSettings;
import io.fluxo.config.UserException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the stack manager does without servers: resolution, validation, stale state, a server that dies. */
class LocalStackTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @Test
    void findsTheRepositoryRootFromASubdirectory() throws IOException {
        Path root = temp.resolve("repo");
        Files.createDirectories(root.resolve("stack/kafka"));
        Files.writeString(root.resolve("stack/kafka/pom.xml"), "<project/>");
        Path sub = Files.createDirectories(root.resolve("app/src"));

        assertThat(LocalStack.fluxoHome(null, null, sub)).isEqualTo(root.toAbsolutePath());
        assertThat(LocalStack.fluxoHome(null, root.toString(), temp)).isEqualTo(root.toAbsolutePath());
        assertThat(LocalStack.fluxoHome(root.toString(), "/elsewhere", temp)).isEqualTo(root.toAbsolutePath());
    }

    @Test
    void saysWhereItLookedWhenThereIsNoInstallation() {
        Path nowhere = temp.toAbsolutePath();
        assertThatThrownBy(() -> LocalStack.fluxoHome(null, null, nowhere))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot find the Fluxo installation: no stack/kafka/pom.xml in " + nowhere
                        + " or its parents (run from the Fluxo repository, or set FLUXO_INSTALL_DIR to it)");
        assertThatThrownBy(() -> LocalStack.fluxoHome(null, nowhere.toString(), nowhere))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot find the Fluxo installation: FLUXO_INSTALL_DIR is " + nowhere
                        + ", which has no stack/ directory (point it at the Fluxo repository root)");
    }

    @Test
    void tellsHowToBuildAServerThatIsNotBuilt() throws IOException {
        Path home = Files.createDirectories(temp.resolve("home/stack"));
        LocalStack stack = stack(home.getParent(),
                settings(freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort()));

        Path jar = home.resolve("kafka/target/fluxo-stack-kafka.jar").toAbsolutePath();
        assertThatThrownBy(() -> stack.up(Set.of(Service.KAFKA)))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot start kafka: its server is not built (" + jar + " is missing); run ./mvnw -DskipTests"
                        + " package in " + home.getParent().toAbsolutePath() + ", or use ./fluxo, which builds on first use");
    }

    @Test
    void rejectsTwoServersOnOnePort() throws IOException {
        int port = freePort();
        // The other ports only need to differ from it and from each other: the check fails before anything binds.
        LocalStack stack = stack(fakeBuild(), settings(port + 1, port + 2, port + 3, port, port, port + 4, port + 5));

        assertThatThrownBy(() -> stack.up(Set.of(Service.OPENSEARCH)))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot start opensearch: fluxo.stack.opensearch.port and fluxo.stack.opensearch.transport-port"
                        + " are both " + port + " (give each server its own port)");
    }

    @Test
    void namesTheServiceAndItsLogWhenTheServerDies() throws IOException {
        // The fake build has an empty jar: java exits at once, unable to load the main class.
        LocalStack stack = stack(fakeBuild(),
                settings(freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort()));
        Path log = stack.logFile(Service.DYNAMODB);

        assertThatThrownBy(() -> stack.up(Set.of(Service.DYNAMODB)))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot start dynamodb: the server exited with code 1 before it answered (log "
                        + log + ", last line: ")
                .hasMessageContaining("io.fluxo.stack.dynamodb.DynamoDbServerMain");
        assertThat(stack.status(Set.of(Service.DYNAMODB))).singleElement()
                .extracting(ServiceStatus::state).isEqualTo(ServiceStatus.State.STOPPED);
    }

    @Test
    void reportsAStackThatWasNeverStartedAsStopped() {
        StackSettings settings = settings(9092, 9093, 8000, 9200, 9300, 5432, 9000);
        LocalStack stack = stack(temp, settings);

        assertThat(stack.status(Service.all())).containsExactly(
                new ServiceStatus(Service.KAFKA, "localhost:9092", null, ServiceStatus.State.STOPPED),
                new ServiceStatus(Service.DYNAMODB, "http://localhost:8000", null, ServiceStatus.State.STOPPED),
                new ServiceStatus(Service.OPENSEARCH, "http://localhost:9200", null, ServiceStatus.State.STOPPED),
                new ServiceStatus(Service.POSTGRES, "jdbc:postgresql://localhost:5432/fluxo", null,
                        ServiceStatus.State.STOPPED),
                new ServiceStatus(Service.S3, "http://localhost:9000", null, ServiceStatus.State.STOPPED));
        stack.down(Service.all());
        assertThat(output.toString(StandardCharsets.UTF_8).lines().map(String::strip).toList()).containsExactly(
                "kafka       not running      localhost:9092",
                "dynamodb    not running      http://localhost:8000",
                "opensearch  not running      http://localhost:9200",
                "postgres    not running      jdbc:postgresql://localhost:5432/fluxo",
                "s3          not running      http://localhost:9000");
        assertThatThrownBy(() -> stack.kill(Service.KAFKA))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot kill kafka: it is not running");
        assertThatThrownBy(() -> stack.crash(Service.KAFKA))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot crash kafka: it is not running");
        assertThatThrownBy(() -> stack.crash(Service.POSTGRES))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot crash postgres: it is not running");
    }

    @Test
    void neverTouchesAProcessThatIsNotOurs() throws IOException {
        LocalStack stack = stack(temp,
                settings(freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort()));
        // A stale pid file that names a live process of another program: this test JVM.
        Path pidFile = stack.dir().resolve("run/kafka.pid");
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");

        assertThat(stack.status(Set.of(Service.KAFKA))).singleElement()
                .extracting(ServiceStatus::state).isEqualTo(ServiceStatus.State.STOPPED);
        stack.down(Set.of(Service.KAFKA));
        assertThat(pidFile).doesNotExist();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void quotesTheLastLineOfTheLogThatIsNotAStackFrame() throws IOException {
        Path log = temp.resolve("server.log");
        Files.write(log, List.of("starting", "java.net.BindException: Address already in use",
                "\tat java.base/sun.nio.ch.Net.bind0(Native Method)", "\t... 12 more", ""));
        assertThat(LocalStack.lastLine(log)).contains("java.net.BindException: Address already in use");
        assertThat(LocalStack.lastLine(temp.resolve("missing.log"))).isEmpty();
    }

    private LocalStack stack(Path home, StackSettings settings) {
        return new LocalStack(settings, home, new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private StackSettings settings(int kafka, int controller, int dynamodb, int opensearch, int transport,
            int postgres, int s3) {
        return new StackSettings(temp.resolve("state"), kafka, controller, "64m", dynamodb, true, "64m", opensearch,
                transport, "64m", postgres, s3, "64m", "fluxo", "secret");
    }

    /** stack/<name>/target with an empty jar and lib dir: enough to launch a JVM that cannot run. */
    private Path fakeBuild() throws IOException {
        Path home = temp.resolve("fake-home");
        for (Service service : Service.values()) {
            Path target = Files.createDirectories(home.resolve("stack").resolve(service.cliName()).resolve("target"));
            Files.createDirectories(target.resolve("lib"));
            Files.writeString(target.resolve("fluxo-stack-" + service.cliName() + ".jar"), "");
        }
        return home;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
