package io.fluxo.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import io.fluxo.pipeline.transactions.RiskWeights;

/**
 * Fluxo's whole configuration, validated at construction. Load order (later wins): application.conf
 * in the jar, --config FILE, FLUXO_* environment variables.
 */
public record FluxoConfig(
        Path home,
        SparkSettings spark,
        KafkaSettings kafka,
        DynamoDbSettings dynamodb,
        OpenSearchSettings opensearch,
        PostgresSettings postgres,
        Path checkpointDir,
        ReceivablesSettings receivables,
        TransactionsSettings transactions,
        StackSettings stack) implements Serializable {

    public static final String ENV_PREFIX = "FLUXO_";

    public FluxoConfig {
        requireNonNull(home, "home");
        requireNonNull(spark, "spark");
        requireNonNull(kafka, "kafka");
        requireNonNull(dynamodb, "dynamodb");
        requireNonNull(opensearch, "opensearch");
        requireNonNull(postgres, "postgres");
        requireNonNull(checkpointDir, "checkpointDir");
        requireNonNull(receivables, "receivables");
        requireNonNull(transactions, "transactions");
        requireNonNull(stack, "stack");
    }

    public record SparkSettings(String master, int shufflePartitions, boolean uiEnabled, String logLevel,
            Map<String, String> conf) implements Serializable {
    }

    public record KafkaSettings(String bootstrapServers, Map<String, String> properties) implements Serializable {
        /** Client properties for a producer, consumer or admin: bootstrap servers plus the pass-through ones. */
        public Map<String, Object> clientProperties() {
            Map<String, Object> props = new TreeMap<>(properties);
            props.put("bootstrap.servers", bootstrapServers);
            return props;
        }

        @Override
        public String toString() {
            return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", properties=" + masked(properties) + "]";
        }
    }

    public record DynamoDbSettings(String endpoint, String region, String accessKeyId, String secretAccessKey,
            int maxAttempts, int writers) implements Serializable {
        @Override
        public String toString() {
            return "DynamoDbSettings[endpoint=" + endpoint + ", region=" + region + ", accessKeyId=" + accessKeyId
                    + ", secretAccessKey=" + (secretAccessKey.isEmpty() ? "" : "****") + ", maxAttempts=" + maxAttempts
                    + ", writers=" + writers + "]";
        }
    }

    public record OpenSearchSettings(String url, String username, String password, int bulkSize, int maxAttempts)
            implements Serializable {
        @Override
        public String toString() {
            return "OpenSearchSettings[url=" + url + ", username=" + username + ", password="
                    + (password.isEmpty() ? "" : "****") + ", bulkSize=" + bulkSize + ", maxAttempts=" + maxAttempts + "]";
        }
    }

    /** A JDBC URL (jdbc:postgresql://...), and the size of the connection pool of each JVM (driver, executor). */
    public record PostgresSettings(String url, String user, String password, int poolSize) implements Serializable {
        public PostgresSettings {
            requireNonNull(url, "url");
            requireNonNull(user, "user");
            requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "PostgresSettings[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****")
                    + ", poolSize=" + poolSize + "]";
        }
    }

    public record ReceivablesSettings(String agendadosTopic, String canceladosTopic, String negociadosTopic,
            String dlqTopic, Duration window, int maxPayloadBytes, long maxOffsetsPerTrigger, String startingOffsets,
            String table, String index, List<String> sinks, int partitions) implements Serializable {
        public List<String> topics() {
            return List.of(agendadosTopic, canceladosTopic, negociadosTopic);
        }

        public boolean sinkEnabled(String name) {
            return sinks.contains(name);
        }
    }

    public record StackSettings(Path dir, int kafkaPort, int kafkaControllerPort, String kafkaHeap, int dynamodbPort,
            boolean dynamodbInMemory, String dynamodbHeap, int opensearchPort, int opensearchTransportPort,
            String opensearchHeap, int postgresPort) implements Serializable {
    }

    /** The defaults of application.conf alone. */
    public static FluxoConfig defaults() {
        return load(null, Map.of());
    }

    public static FluxoConfig load(Path file, Map<String, String> env) {
        return load(file, env, Map.of());
    }

    /** As {@link #load(Path, Map)}, then overrides (full key paths, e.g. from command-line flags) win over all. */
    public static FluxoConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Config config = ConfigFactory.parseResources(FluxoConfig.class.getClassLoader(), "application.conf");
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new UserException("Cannot read config " + file + ": no such file");
            }
            try {
                config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                        .withFallback(config);
            } catch (ConfigException e) {
                throw new UserException("Cannot parse config " + file + ": " + e.getMessage());
            }
        }
        config = fromEnvironment(env).withFallback(config);
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            config = config.withValue(o.getKey(), ConfigValueFactory.fromAnyRef(o.getValue(), "command line"));
        }
        try {
            config = config.resolve();
        } catch (ConfigException e) {
            throw new UserException("Cannot resolve config: " + e.getMessage());
        }
        return from(config, env);
    }

    /** FLUXO_KAFKA_BOOTSTRAP__SERVERS=x becomes fluxo.kafka.bootstrap-servers = x. */
    static Config fromEnvironment(Map<String, String> env) {
        Config config = ConfigFactory.empty();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX) || e.getKey().length() == ENV_PREFIX.length()) {
                continue;
            }
            String path = "fluxo." + e.getKey().substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT)
                    .replace("__", "-").replace('_', '.');
            config = config.withValue(path, ConfigValueFactory.fromAnyRef(e.getValue(), "environment " + e.getKey()));
        }
        return config;
    }

    static FluxoConfig from(Config root, Map<String, String> env) {
        ConfigReader r = new ConfigReader(root);
        Path home = Path.of(r.string("fluxo.home"));

        SparkSettings spark = new SparkSettings(r.string("fluxo.spark.master"),
                r.intAtLeast("fluxo.spark.shuffle-partitions", 1), r.bool("fluxo.spark.ui-enabled"),
                r.string("fluxo.spark.log-level"), r.flatStrings("fluxo.spark.conf"));

        KafkaSettings kafka = new KafkaSettings(r.string("fluxo.kafka.bootstrap-servers"),
                r.flatStrings("fluxo.kafka.properties"));
        r.check(!kafka.bootstrapServers().isBlank(), "Missing fluxo.kafka.bootstrap-servers");

        DynamoDbSettings dynamodb = new DynamoDbSettings(r.string("fluxo.dynamodb.endpoint"),
                r.string("fluxo.dynamodb.region"), r.string("fluxo.dynamodb.access-key-id"),
                r.string("fluxo.dynamodb.secret-access-key"), r.intAtLeast("fluxo.dynamodb.max-attempts", 1),
                r.intAtLeast("fluxo.dynamodb.writers", 1));
        r.check(dynamodb.accessKeyId().isEmpty() == dynamodb.secretAccessKey().isEmpty(),
                "Invalid fluxo.dynamodb.access-key-id / fluxo.dynamodb.secret-access-key: set both or neither");

        String password = r.string("fluxo.opensearch.password");
        String passwordFile = r.string("fluxo.opensearch.password-file");
        if (!passwordFile.isEmpty()) {
            try {
                password = Files.readString(Path.of(passwordFile)).strip();
            } catch (IOException e) {
                r.check(false, "Cannot read fluxo.opensearch.password-file " + passwordFile + ": " + e.getMessage());
            }
        }
        OpenSearchSettings opensearch = new OpenSearchSettings(r.string("fluxo.opensearch.url"),
                r.string("fluxo.opensearch.username"), password, r.intAtLeast("fluxo.opensearch.bulk-size", 1),
                r.intAtLeast("fluxo.opensearch.max-attempts", 1));
        r.check(opensearch.url().startsWith("http://") || opensearch.url().startsWith("https://"),
                "Invalid fluxo.opensearch.url: " + opensearch.url() + " (must start with http:// or https://)");

        String postgresPassword = r.string("fluxo.postgres.password");
        String postgresPasswordFile = r.string("fluxo.postgres.password-file");
        if (!postgresPasswordFile.isEmpty()) {
            try {
                postgresPassword = Files.readString(Path.of(postgresPasswordFile)).strip();
            } catch (IOException e) {
                r.check(false, "Cannot read fluxo.postgres.password-file " + postgresPasswordFile + ": " + e.getMessage());
            }
        }
        PostgresSettings postgres = new PostgresSettings(r.string("fluxo.postgres.url"), r.string("fluxo.postgres.user"),
                postgresPassword, r.intAtLeast("fluxo.postgres.pool-size", 1));
        r.check(postgres.url().startsWith("jdbc:postgresql://"),
                "Invalid fluxo.postgres.url: " + postgres.url() + " (must start with jdbc:postgresql://)");

        String sinksValue = r.string("fluxo.receivables.sinks").strip();
        List<String> sinks = sinksValue.equals("none") || sinksValue.isEmpty() ? List.of()
                : Arrays.stream(sinksValue.split(",")).map(String::strip).toList();
        for (String sink : sinks) {
            r.check(sink.equals("dynamodb") || sink.equals("opensearch"),
                    "Invalid fluxo.receivables.sinks: " + sinksValue + " (use dynamodb, opensearch, both separated by a comma, or none)");
        }
        String startingOffsets = r.string("fluxo.receivables.starting-offsets");
        r.check(startingOffsets.equals("earliest") || startingOffsets.equals("latest"),
                "Invalid fluxo.receivables.starting-offsets: " + startingOffsets + " (use earliest or latest)");
        ReceivablesSettings receivables = new ReceivablesSettings(r.string("fluxo.receivables.topics.agendados"),
                r.string("fluxo.receivables.topics.cancelados"), r.string("fluxo.receivables.topics.negociados"),
                r.string("fluxo.receivables.dlq-topic"),
                r.durationAtLeast("fluxo.receivables.window", Duration.ofSeconds(1)),
                r.intAtLeast("fluxo.receivables.max-payload-bytes", 64),
                r.longAtLeast("fluxo.receivables.max-offsets-per-trigger", 0), startingOffsets,
                r.string("fluxo.receivables.table"), r.string("fluxo.receivables.index"), sinks,
                r.intAtLeast("fluxo.receivables.partitions", 1));
        r.check(receivables.index().equals(receivables.index().toLowerCase(Locale.ROOT)),
                "Invalid fluxo.receivables.index: " + receivables.index() + " (OpenSearch index names are lower case)");

        TransactionsSettings transactions = transactions(r);

        StackSettings stack = new StackSettings(Path.of(r.string("fluxo.stack.dir")),
                r.port("fluxo.stack.kafka.port"), r.port("fluxo.stack.kafka.controller-port"),
                r.string("fluxo.stack.kafka.heap"), r.port("fluxo.stack.dynamodb.port"),
                r.bool("fluxo.stack.dynamodb.in-memory"), r.string("fluxo.stack.dynamodb.heap"),
                r.port("fluxo.stack.opensearch.port"), r.port("fluxo.stack.opensearch.transport-port"),
                r.string("fluxo.stack.opensearch.heap"), r.port("fluxo.stack.postgres.port"));

        if (!r.errors().isEmpty()) {
            List<String> errors = new ArrayList<>(r.errors());
            throw new UserException("Invalid configuration (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s")
                    + "): " + String.join("; ", errors) + ". Fix the keys named in --config FILE or in FLUXO_* variables");
        }
        return new FluxoConfig(home, spark, kafka, dynamodb, opensearch, postgres, Path.of(r.string("fluxo.checkpoint-dir")),
                receivables, transactions, stack);
    }

    private static TransactionsSettings transactions(ConfigReader r) {
        String format = r.string("fluxo.transactions.format");
        r.check(format.equals("json") || format.equals("avro"),
                "Invalid fluxo.transactions.format: " + format + " (use json or avro)");
        String sinks = r.string("fluxo.transactions.sinks").strip();
        r.check(sinks.equals("postgres") || sinks.equals("none"),
                "Invalid fluxo.transactions.sinks: " + sinks + " (use postgres or none)");
        String startingOffsets = r.string("fluxo.transactions.starting-offsets");
        r.check(startingOffsets.equals("earliest") || startingOffsets.equals("latest"),
                "Invalid fluxo.transactions.starting-offsets: " + startingOffsets + " (use earliest or latest)");
        String schemaFile = r.string("fluxo.transactions.avro-schema-file");
        r.check(schemaFile.isEmpty() || Files.isRegularFile(Path.of(schemaFile)),
                "Invalid fluxo.transactions.avro-schema-file: " + schemaFile + " (no such file)");
        RiskWeights weights = RiskWeights.DEFAULTS;
        try {
            weights = new RiskWeights(r.fraction("fluxo.transactions.risk.weights.amount"),
                    r.fraction("fluxo.transactions.risk.weights.hour"), r.fraction("fluxo.transactions.risk.weights.distance"),
                    r.fraction("fluxo.transactions.risk.weights.velocity"), r.fraction("fluxo.transactions.risk.threshold"),
                    (int) r.durationAtLeast("fluxo.transactions.risk.velocity-window", Duration.ofMinutes(1)).toMinutes(),
                    r.intAtLeast("fluxo.transactions.risk.velocity-saturation", 1));
        } catch (IllegalArgumentException e) {
            r.check(false, "Invalid fluxo.transactions.risk: " + e.getMessage());
        }
        return new TransactionsSettings(r.string("fluxo.transactions.topic"), r.string("fluxo.transactions.dlq-topic"),
                r.string("fluxo.transactions.ledger-topic"), r.string("fluxo.transactions.alerts-topic"), format, schemaFile,
                r.durationAtLeast("fluxo.transactions.window", Duration.ofSeconds(1)),
                r.intAtLeast("fluxo.transactions.max-payload-bytes", 64),
                r.longAtLeast("fluxo.transactions.max-offsets-per-trigger", 0), startingOffsets,
                r.intAtLeast("fluxo.transactions.partitions", 1), weights,
                r.durationAtLeast("fluxo.transactions.remember-ids", Duration.ofMinutes(1)), sinks.equals("postgres"));
    }

    /** Kafka pass-through properties with secret values hidden. */
    static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> result = new TreeMap<>();
        properties.forEach((k, v) -> result.put(k, isSecret(k) ? "****" : v));
        return result;
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token");
    }
}
