package io.fluxo.stack;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.FluxoConfig.StackSettings;
import io.fluxo.config.UserException;
import io.fluxo.stack.LaunchSpec.Port;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A server of the local stack. Each one runs from its own Maven module, {@code stack/<cliName>}, packaged to
 * {@code stack/<cliName>/target/fluxo-stack-<cliName>.jar} plus {@code target/lib}. Adding a server is one
 * constant here with its {@link #spec launch spec}.
 */
public enum Service {
    KAFKA("kafka", "io.fluxo.stack.kafka.KafkaServerMain") {
        @Override
        LaunchSpec spec(StackSettings settings, StackPaths paths) {
            String endpoint = "localhost:" + settings.kafkaPort();
            return new LaunchSpec(settings.kafkaHeap(),
                    List.of(paths.dataDir(this).toString(), Integer.toString(settings.kafkaPort()),
                            Integer.toString(settings.kafkaControllerPort())),
                    List.of(new Port("fluxo.stack.kafka.port", settings.kafkaPort()),
                            new Port("fluxo.stack.kafka.controller-port", settings.kafkaControllerPort())),
                    endpoint, () -> HealthChecks.kafka(endpoint));
        }
    },
    DYNAMODB("dynamodb", "io.fluxo.stack.dynamodb.DynamoDbServerMain") {
        @Override
        LaunchSpec spec(StackSettings settings, StackPaths paths) {
            String endpoint = "http://localhost:" + settings.dynamodbPort();
            String storage = settings.dynamodbInMemory() ? "--in-memory" : paths.dataDir(this).toString();
            return new LaunchSpec(settings.dynamodbHeap(),
                    List.of(storage, Integer.toString(settings.dynamodbPort()),
                            paths.moduleTarget(this).resolve("native").toString()),
                    List.of(new Port("fluxo.stack.dynamodb.port", settings.dynamodbPort())),
                    endpoint, () -> HealthChecks.dynamodb(endpoint));
        }
    },
    OPENSEARCH("opensearch", "io.fluxo.stack.opensearch.OpenSearchServerMain") {
        @Override
        LaunchSpec spec(StackSettings settings, StackPaths paths) {
            String endpoint = "http://localhost:" + settings.opensearchPort();
            return new LaunchSpec(settings.opensearchHeap(),
                    List.of(paths.dataDir(this).toString(), Integer.toString(settings.opensearchPort()),
                            Integer.toString(settings.opensearchTransportPort())),
                    List.of(new Port("fluxo.stack.opensearch.port", settings.opensearchPort()),
                            new Port("fluxo.stack.opensearch.transport-port", settings.opensearchTransportPort())),
                    endpoint, () -> HealthChecks.opensearch(endpoint));
        }
    },
    POSTGRES("postgres", "io.fluxo.stack.postgres.PostgresServerMain") {
        @Override
        LaunchSpec spec(StackSettings settings, StackPaths paths) {
            String endpoint = "jdbc:postgresql://localhost:" + settings.postgresPort() + "/" + POSTGRES_DATABASE;
            Path cluster = paths.dataDir(this).resolve(POSTGRES_CLUSTER_DIR);
            // The JVM only supervises the postgres process, whose memory is PostgreSQL's own.
            return new LaunchSpec("128m",
                    List.of(paths.dataDir(this).toString(), Integer.toString(settings.postgresPort())),
                    List.of(new Port("fluxo.stack.postgres.port", settings.postgresPort())),
                    endpoint, () -> HealthChecks.postgres(endpoint, POSTGRES_USER),
                    () -> PostgresLeftover.find(cluster));
        }
    },
    S3("s3", "io.fluxo.stack.s3.S3ServerMain") {
        @Override
        LaunchSpec spec(StackSettings settings, StackPaths paths) {
            String endpoint = "http://localhost:" + settings.s3Port();
            return new LaunchSpec(settings.s3Heap(),
                    List.of(paths.dataDir(this).toString(), Integer.toString(settings.s3Port())),
                    List.of(new Port("fluxo.stack.s3.port", settings.s3Port())),
                    endpoint, () -> HealthChecks.s3(endpoint, settings.s3AccessKey(), settings.s3SecretKey()),
                    Optional::empty,
                    // As S3ServerMain reads them: the keys stay out of its command line.
                    Map.of("S3_SERVER_ACCESS_KEY", settings.s3AccessKey(), "S3_SERVER_SECRET_KEY", settings.s3SecretKey()));
        }
    };

    /** As PostgresServerMain creates them: superuser fluxo (trusted on loopback), database fluxo, cluster in pgdata/. */
    static final String POSTGRES_USER = "fluxo";
    static final String POSTGRES_DATABASE = "fluxo";
    static final String POSTGRES_CLUSTER_DIR = "pgdata";

    private final String cliName;
    private final String mainClass;

    Service(String cliName, String mainClass) {
        this.cliName = cliName;
        this.mainClass = mainClass;
    }

    /** The name on the command line, in file names (pid, log, data) and of the server's module under stack/. */
    public String cliName() {
        return cliName;
    }

    public String mainClass() {
        return mainClass;
    }

    /** How to run and probe this server with these settings. */
    abstract LaunchSpec spec(StackSettings settings, StackPaths paths);

    @Override
    public String toString() {
        return cliName;
    }

    public static Set<Service> all() {
        return EnumSet.allOf(Service.class);
    }

    /** The valid names, comma separated, for help texts and error messages. */
    public static String validNames() {
        return Arrays.stream(values()).map(Service::cliName).collect(Collectors.joining(", "));
    }

    public static Service fromCliName(String name) {
        requireNonNull(name, "name");
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (Service service : values()) {
            if (service.cliName.equals(wanted)) {
                return service;
            }
        }
        throw new UserException("Cannot select service \"" + name.strip() + "\": unknown service (valid: "
                + validNames() + ")");
    }

    /**
     * Parses a --services value such as "kafka,opensearch" (case and spaces around names do not matter).
     * Returns the services in declaration order, which is also the order they are reported in.
     */
    public static Set<Service> parse(String list) {
        requireNonNull(list, "list");
        if (list.isBlank()) {
            throw new UserException("Cannot parse --services: the list is empty (valid: " + validNames() + ")");
        }
        Set<Service> services = EnumSet.noneOf(Service.class);
        List<String> unknown = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            String name = item.strip().toLowerCase(Locale.ROOT);
            Service match = Arrays.stream(values()).filter(s -> s.cliName.equals(name)).findFirst().orElse(null);
            if (match == null) {
                unknown.add("\"" + item.strip() + "\"");
            } else {
                services.add(match);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UserException("Cannot parse --services " + list.strip() + ": unknown service"
                    + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown) + " (valid: " + validNames() + ")");
        }
        return services;
    }
}
