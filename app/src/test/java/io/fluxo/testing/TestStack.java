package io.fluxo.testing;

import io.fluxo.pipeline.PipelineRegistry;
import static java.util.Objects.requireNonNull;

import io.fluxo.config.FluxoConfig;
import io.fluxo.stack.LocalStack;
import io.fluxo.stack.Service;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The local stack of the integration tests: real Kafka, DynamoDB Local (in memory), OpenSearch, PostgreSQL and
 * the S3 server on ports of their own (29092/29093, 28000, 29200/29300, 25432, 29000), so that a developer's `fluxo stack up` on the
 * default ports can run at the same time. State under {@code app/target/it-fluxo}.
 *
 * <p>{@link #start()} brings the stack up once per JVM and takes it down when the JVM exits; a healthy stack
 * left behind by an earlier run (a killed test JVM) is reused. With {@code -Dfluxo.test.keep-stack=true}
 * the stack stays up after the tests, and the next run starts in seconds; stop it with
 * {@code FLUXO_HOME=app/target/it-fluxo ./fluxo stack down} (it stops the processes its pid files name).
 */
public final class TestStack {
    public static final String KEEP_STACK_PROPERTY = "fluxo.test.keep-stack";

    private static FluxoConfig config;
    private static LocalStack stack;
    private static final Set<Service> started = EnumSet.noneOf(Service.class);
    private static boolean hookRegistered;

    private TestStack() {
    }

    /**
     * Added to every port of the test stack, from the environment variable FLUXO_TEST_PORT_OFFSET (default 0), so
     * that two checkouts can run their integration tests at the same time.
     */
    static int portOffset() {
        String value = System.getenv("FLUXO_TEST_PORT_OFFSET");
        return value == null || value.isBlank() ? 0 : Integer.parseInt(value.strip());
    }

    private static String port(int base) {
        return String.valueOf(base + portOffset());
    }

    /** The FLUXO_* variables that point Fluxo at the test stack. */
    public static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLUXO_HOME", home().toString());
        env.put("FLUXO_STACK_KAFKA_PORT", port(29092));
        env.put("FLUXO_STACK_KAFKA_CONTROLLER__PORT", port(29093));
        env.put("FLUXO_STACK_DYNAMODB_PORT", port(28000));
        env.put("FLUXO_STACK_DYNAMODB_IN__MEMORY", "true");
        env.put("FLUXO_STACK_OPENSEARCH_PORT", port(29200));
        env.put("FLUXO_STACK_OPENSEARCH_TRANSPORT__PORT", port(29300));
        env.put("FLUXO_STACK_POSTGRES_PORT", port(25432));
        env.put("FLUXO_STACK_S3_PORT", port(29000));
        env.put("FLUXO_KAFKA_BOOTSTRAP__SERVERS", "localhost:" + port(29092));
        env.put("FLUXO_DYNAMODB_ENDPOINT", "http://localhost:" + port(28000));
        env.put("FLUXO_OPENSEARCH_URL", "http://localhost:" + port(29200));
        env.put("FLUXO_POSTGRES_URL", "jdbc:postgresql://localhost:" + port(25432) + "/fluxo");
        env.put("FLUXO_S3_ENDPOINT", "http://localhost:" + port(29000));
        return env;
    }

    /** Fluxo's configuration against the test stack (application.conf defaults plus {@link #env()}). */
    public static synchronized FluxoConfig config() {
        if (config == null) {
            config = PipelineRegistry.loadConfig(null, env());
        }
        return config;
    }

    /** The same, with more FLUXO_* overrides for one test (e.g. FLUXO_RECEIVABLES_WINDOW=1s); these win. */
    public static FluxoConfig config(Map<String, String> overrides) {
        requireNonNull(overrides, "overrides");
        Map<String, String> env = env();
        env.putAll(overrides);
        return PipelineRegistry.loadConfig(null, env);
    }

    /** The test stack's manager; call {@link #start()} first for the servers to be running. */
    public static synchronized LocalStack stack() {
        if (stack == null) {
            stack = new LocalStack(config().stack(), LocalStack.fluxoHome(), System.out);
        }
        return stack;
    }

    /** Brings every service up, once per JVM; later calls return at once. */
    public static synchronized void start() {
        start(Service.all());
    }

    /** Brings these services up (an IT that needs Kafka alone need not wait for OpenSearch); later calls add the rest. */
    public static synchronized void start(Set<Service> services) {
        if (started.containsAll(services)) {
            return;
        }
        LocalStack local = stack();
        // Before up(): a start that fails half way must not leave the services that did start behind.
        if (!hookRegistered && !Boolean.getBoolean(KEEP_STACK_PROPERTY)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> local.down(Service.all()), "fluxo-test-stack-down"));
            hookRegistered = true;
        }
        local.up(services);
        started.addAll(services);
    }

    /** app/target/it-fluxo of the repository (the failsafe plugin passes -Dfluxo.home=<repository root>). */
    private static Path home() {
        return LocalStack.fluxoHome().resolve("app").resolve("target").resolve("it-fluxo");
    }
}
