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

/**
 * Fluxo's whole configuration, validated at construction. Load order (later wins): application.conf
 * in the jar, --config FILE, FLUXO_* environment variables.
 */
public record FluxoConfig(
        Path home,
        SparkSettings spark,
        KafkaSettings kafka,
        Path checkpointDir,
        StackSettings stack,
        Map<String, Serializable> sections) implements Serializable {

    public static final String ENV_PREFIX = "FLUXO_";

    public FluxoConfig {
        requireNonNull(home, "home");
        requireNonNull(spark, "spark");
        requireNonNull(kafka, "kafka");
        requireNonNull(checkpointDir, "checkpointDir");
        requireNonNull(stack, "stack");
        sections = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sections));
    }

    /**
     * The settings record of a section that was read at load time.
     *
     * @throws IllegalStateException when the section was not registered when this configuration was loaded (a bug)
     */
    public <T extends Serializable> T section(ConfigSection<T> section) {
        Serializable value = sections.get(section.path());
        if (value == null) {
            throw new IllegalStateException("Cannot read the settings of " + section.path()
                    + ": the section was not registered when the configuration was loaded (known: " + sections.keySet() + ")");
        }
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return typed;
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

    /** The local stack's servers; {@code s3AccessKey}/{@code s3SecretKey} are what its S3 server accepts (never printed). */
    public record StackSettings(Path dir, int kafkaPort, int kafkaControllerPort, String kafkaHeap, int dynamodbPort,
            boolean dynamodbInMemory, String dynamodbHeap, int opensearchPort, int opensearchTransportPort,
            String opensearchHeap, int postgresPort, int s3Port, String s3Heap, String s3AccessKey, String s3SecretKey)
            implements Serializable {
        @Override
        public String toString() {
            return "StackSettings[dir=" + dir + ", kafkaPort=" + kafkaPort + ", kafkaControllerPort=" + kafkaControllerPort
                    + ", kafkaHeap=" + kafkaHeap + ", dynamodbPort=" + dynamodbPort + ", dynamodbInMemory=" + dynamodbInMemory
                    + ", dynamodbHeap=" + dynamodbHeap + ", opensearchPort=" + opensearchPort + ", opensearchTransportPort="
                    + opensearchTransportPort + ", opensearchHeap=" + opensearchHeap + ", postgresPort=" + postgresPort
                    + ", s3Port=" + s3Port + ", s3Heap=" + s3Heap + ", s3AccessKey=" + s3AccessKey + ", s3SecretKey="
                    + (s3SecretKey.isEmpty() ? "" : "****") + "]";
        }
    }

    /**
     * Reads application.conf, then FILE (may be null), then the FLUXO_* variables of env, then overrides (full key
     * paths, e.g. from command-line flags), and reads every section; all problems are reported at once.
     */
    public static FluxoConfig load(Path file, Map<String, String> env, Map<String, String> overrides,
            List<? extends ConfigSection<?>> sections) {
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
        return from(config, sections);
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

    static FluxoConfig from(Config root, List<? extends ConfigSection<?>> sections) {
        ConfigReader r = new ConfigReader(root);
        Path home = Path.of(r.string("fluxo.home"));

        SparkSettings spark = new SparkSettings(r.string("fluxo.spark.master"),
                r.intAtLeast("fluxo.spark.shuffle-partitions", 1), r.bool("fluxo.spark.ui-enabled"),
                r.string("fluxo.spark.log-level"), r.flatStrings("fluxo.spark.conf"));

        KafkaSettings kafka = new KafkaSettings(r.string("fluxo.kafka.bootstrap-servers"),
                r.flatStrings("fluxo.kafka.properties"));
        r.check(!kafka.bootstrapServers().isBlank(), "Missing fluxo.kafka.bootstrap-servers");

        Map<String, Serializable> read = new java.util.LinkedHashMap<>();
        for (ConfigSection<?> section : sections) {
            if (read.containsKey(section.path())) {
                throw new IllegalStateException("Cannot register two config sections at " + section.path());
            }
            read.put(section.path(), section.read(r));
        }

        StackSettings stack = new StackSettings(Path.of(r.string("fluxo.stack.dir")),
                r.port("fluxo.stack.kafka.port"), r.port("fluxo.stack.kafka.controller-port"),
                r.string("fluxo.stack.kafka.heap"), r.port("fluxo.stack.dynamodb.port"),
                r.bool("fluxo.stack.dynamodb.in-memory"), r.string("fluxo.stack.dynamodb.heap"),
                r.port("fluxo.stack.opensearch.port"), r.port("fluxo.stack.opensearch.transport-port"),
                r.string("fluxo.stack.opensearch.heap"), r.port("fluxo.stack.postgres.port"),
                r.port("fluxo.stack.s3.port"), r.string("fluxo.stack.s3.heap"), r.string("fluxo.stack.s3.access-key"),
                r.secret("fluxo.stack.s3.secret-key", "fluxo.stack.s3.secret-key-file"));
        r.check(!stack.s3AccessKey().isBlank() && !stack.s3SecretKey().isBlank(),
                "Invalid fluxo.stack.s3.access-key / fluxo.stack.s3.secret-key: the local S3 server needs both");

        if (!r.errors().isEmpty()) {
            List<String> errors = new ArrayList<>(r.errors());
            throw new UserException("Invalid configuration (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s")
                    + "): " + String.join("; ", errors) + ". Fix the keys named in --config FILE or in FLUXO_* variables");
        }
        return new FluxoConfig(home, spark, kafka, Path.of(r.string("fluxo.checkpoint-dir")), stack, read);
    }

    /** The checkpoint directory of one streaming query. */
    public Path checkpoint(String query) {
        return checkpointDir.resolve(query);
    }

    /** Kafka pass-through properties with secret values hidden. */
    public static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> result = new TreeMap<>();
        properties.forEach((k, v) -> result.put(k, isSecret(k) ? "****" : v));
        return result;
    }

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token");
    }
}
