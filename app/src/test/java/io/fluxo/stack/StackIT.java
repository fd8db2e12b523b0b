package io.fluxo.stack;

import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.sink.opensearch.OpenSearchSettings;
import io.fluxo.sink.delta.S3Settings;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.FluxoConfig.StackSettings;
import io.fluxo.config.UserException;
import io.fluxo.sink.dynamodb.DynamoDbClients;
import io.fluxo.testing.TestStack;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The real servers, started once through TestStack. */
class StackIT {
    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

    @BeforeAll
    static void startStack() {
        TestStack.start();
    }

    @Test
    void everyServiceRunsWhereTheConfigurationPoints() {
        FluxoConfig config = TestStack.config();
        List<ServiceStatus> statuses = TestStack.stack().status(Service.all());

        assertThat(statuses).extracting(ServiceStatus::service).containsExactly(Service.KAFKA, Service.DYNAMODB,
                Service.OPENSEARCH, Service.POSTGRES, Service.S3);
        assertThat(statuses).allSatisfy(status -> {
            assertThat(status.state()).isEqualTo(ServiceStatus.State.RUNNING);
            assertThat(status.pid()).isNotNull();
        });
        assertThat(TestStack.stack().endpoints()).containsExactly(
                Map.entry(Service.KAFKA, config.kafka().bootstrapServers()),
                Map.entry(Service.DYNAMODB, DynamoDbSettings.of(config).endpoint()),
                Map.entry(Service.OPENSEARCH, OpenSearchSettings.of(config).url()),
                Map.entry(Service.POSTGRES, PostgresSettings.of(config).url()),
                Map.entry(Service.S3, S3Settings.of(config).endpoint()));
    }

    @Test
    void upIsIdempotent() {
        Map<Service, Long> before = pids();

        TestStack.stack().up(Service.all());

        assertThat(pids()).isEqualTo(before).doesNotContainValue(null);
    }

    @Test
    void namesTheKeyOfAPortInUse() throws IOException {
        try (ServerSocket taken = bindFrom(24000)) {
            int port = taken.getLocalPort();
            StackSettings base = TestStack.config().stack();
            LocalStack onTakenPort = new LocalStack(new StackSettings(base.dir().resolve("port-in-use"), port,
                    base.kafkaControllerPort() + 1000, base.kafkaHeap(), base.dynamodbPort(), true, base.dynamodbHeap(),
                    base.opensearchPort(), base.opensearchTransportPort(), base.opensearchHeap(), base.postgresPort(),
                    base.s3Port(), base.s3Heap(), base.s3AccessKey(), base.s3SecretKey()),
                    LocalStack.fluxoHome(), SILENT);

            assertThatThrownBy(() -> onTakenPort.up(Set.of(Service.KAFKA)))
                    .isInstanceOf(UserException.class)
                    .hasMessage("Cannot start kafka: port " + port + " is in use by another process (change"
                            + " fluxo.stack.kafka.port, e.g. FLUXO_STACK_KAFKA_PORT=" + (port + 10000) + ")");
        }
    }

    @Test
    void namesTheKeyOfATakenControllerPort() throws IOException {
        try (ServerSocket taken = bindFrom(24500)) {
            int port = taken.getLocalPort();
            StackSettings base = TestStack.config().stack();
            LocalStack onTakenPort = new LocalStack(new StackSettings(base.dir().resolve("port-in-use"),
                    base.kafkaPort() + 1000, port, base.kafkaHeap(), base.dynamodbPort(), true, base.dynamodbHeap(),
                    base.opensearchPort(), base.opensearchTransportPort(), base.opensearchHeap(), base.postgresPort(),
                    base.s3Port(), base.s3Heap(), base.s3AccessKey(), base.s3SecretKey()),
                    LocalStack.fluxoHome(), SILENT);

            assertThatThrownBy(() -> onTakenPort.up(Set.of(Service.KAFKA)))
                    .isInstanceOf(UserException.class)
                    .hasMessage("Cannot start kafka: port " + port + " is in use by another process (change"
                            + " fluxo.stack.kafka.controller-port, e.g. FLUXO_STACK_KAFKA_CONTROLLER__PORT="
                            + (port + 10000) + ")");
        }
    }

    @Test
    void upBringsBackAKilledService() {
        LocalStack stack = TestStack.stack();
        long killed = pids().get(Service.DYNAMODB);

        stack.kill(Service.DYNAMODB);
        assertThat(stack.status(Set.of(Service.DYNAMODB))).singleElement()
                .extracting(ServiceStatus::state).isEqualTo(ServiceStatus.State.STOPPED);

        stack.up(Set.of(Service.DYNAMODB));

        assertThat(stack.status(Service.all())).allSatisfy(
                status -> assertThat(status.state()).isEqualTo(ServiceStatus.State.RUNNING));
        assertThat(pids().get(Service.DYNAMODB)).isNotEqualTo(killed);
        try (DynamoDbClient client = DynamoDbClients.create(DynamoDbSettings.of(TestStack.config()))) {
            assertThat(client.listTables().tableNames()).isNotNull();
        }
    }

    @Test
    void postgresComesBackWithItsDataAfterItsServerIsKilled() throws SQLException {
        LocalStack stack = TestStack.stack();
        String url = PostgresSettings.of(TestStack.config()).url();
        try (Connection c = DriverManager.getConnection(url, "fluxo", ""); Statement s = c.createStatement()) {
            s.execute("create table if not exists stack_it_marker (id int primary key)");
            s.execute("insert into stack_it_marker values (1) on conflict do nothing");
        }
        long killed = pids().get(Service.POSTGRES);

        // SIGKILL of the server JVM: its postmaster is a process of its own, which must not keep the port.
        stack.kill(Service.POSTGRES);
        stack.up(Set.of(Service.POSTGRES));

        assertThat(stack.status(Service.all())).allSatisfy(
                status -> assertThat(status.state()).isEqualTo(ServiceStatus.State.RUNNING));
        long restarted = pids().get(Service.POSTGRES);
        assertThat(restarted).isNotEqualTo(killed);
        ProcessHandle postmaster = PostgresLeftover.find(stack.dataDir(Service.POSTGRES).resolve("pgdata")).orElseThrow();
        assertThat(postmaster.parent().flatMap(ProcessHandle::parent).map(ProcessHandle::pid)).contains(restarted);
        try (Connection c = DriverManager.getConnection(url, "fluxo", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from stack_it_marker")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            s.execute("drop table stack_it_marker");
        }
    }

    private static Map<Service, Long> pids() {
        return TestStack.stack().status(Service.all()).stream()
                .filter(status -> status.pid() != null)
                .collect(Collectors.toMap(ServiceStatus::service, ServiceStatus::pid));
    }

    /** A port held by another process's socket (as far as the stack can tell), below the ephemeral range. */
    private static ServerSocket bindFrom(int first) throws IOException {
        for (int port = first; port < first + 500; port++) {
            if (LocalStack.isFree(port)) {
                try {
                    return new ServerSocket(port);
                } catch (IOException e) {
                    // Taken between the check and the bind: try the next one.
                }
            }
        }
        throw new IOException("no free port in " + first + ".." + (first + 499));
    }
}
