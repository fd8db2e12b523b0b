package io.fluxo.bench;

import io.fluxo.sink.opensearch.OpenSearchSettings;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.sink.dynamodb.DynamoDbClients;
import io.fluxo.sink.opensearch.OpenSearchClients;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Fails fast, with one line, when a server the bench needs does not answer; tells what it runs against. */
public final class StackProbe {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private StackProbe() {
    }

    static void kafka(FluxoConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafka().clientProperties());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        String bootstrap = config.kafka().bootstrapServers();
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis())).nodes()
                    .get(TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("Cannot reach Kafka at " + bootstrap + ": interrupted");
        } catch (Exception e) {
            throw new UserException("Cannot reach Kafka at " + bootstrap + ": no answer within " + TIMEOUT.toSeconds()
                    + " s" + hint("fluxo.kafka.bootstrap-servers"), e);
        }
    }

    public static void dynamoDb(FluxoConfig config) {
        String endpoint = DynamoDbSettings.of(config).endpoint().isEmpty() ? "region " + DynamoDbSettings.of(config).region()
                : DynamoDbSettings.of(config).endpoint();
        try (DynamoDbClient client = DynamoDbClients.create(DynamoDbSettings.of(config))) {
            client.listTables(r -> r.limit(1).overrideConfiguration(o -> o.apiCallTimeout(TIMEOUT)));
        } catch (RuntimeException e) {
            throw new UserException("Cannot reach DynamoDB at " + endpoint + ": " + firstLine(e)
                    + hint("fluxo.dynamodb.endpoint"), e);
        }
    }

    /** @return the server's version number */
    public static String openSearch(FluxoConfig config) {
        String url = OpenSearchSettings.of(config).url();
        OpenSearchClient client = OpenSearchClients.shared(OpenSearchSettings.of(config));
        try (Response response = client.generic().execute(Requests.builder().method("GET").endpoint("/").build())) {
            String body = response.getBody().map(Body::bodyAsString).orElse("");
            if (response.getStatus() >= 300) {
                throw new UserException("Cannot reach OpenSearch at " + url + ": " + response.getStatus() + " " + body);
            }
            return new ObjectMapper().readTree(body).path("version").path("number").asText("unknown");
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserException u) {
                throw u;
            }
            throw new UserException("Cannot reach OpenSearch at " + url + ": " + firstLine(e)
                    + hint("fluxo.opensearch.url"), e);
        }
    }

    /**
     * "in-memory" or "on disk" as the local DynamoDB process was started (the stack runs it with
     * --in-memory or a data directory), found by its port; the stack setting when no such process is seen.
     */
    public static String dynamoDbStorage(FluxoConfig config) {
        Optional<String> seen = Optional.empty();
        try {
            URI endpoint = URI.create(DynamoDbSettings.of(config).endpoint());
            String host = endpoint.getHost();
            if (endpoint.getPort() > 0 && host != null && (host.equals("localhost") || host.startsWith("127."))) {
                String port = Integer.toString(endpoint.getPort());
                seen = ProcessHandle.allProcesses()
                        .map(p -> p.info().arguments().map(Arrays::asList).orElse(List.of()))
                        .filter(args -> args.stream().anyMatch(a -> a.contains("DynamoDbServerMain") || a.contains("DynamoDBLocal")))
                        .filter(args -> args.contains(port))
                        .map(args -> args.contains("--in-memory") || args.contains("-inMemory") ? "in-memory" : "on disk")
                        .findFirst();
            }
        } catch (IllegalArgumentException | SecurityException e) {
            // an endpoint that is not a URI, or processes we may not look at: fall back to the setting
        }
        return seen.orElse("unknown (stack setting in-memory = " + config.stack().dynamodbInMemory() + ")");
    }

    private static String hint(String key) {
        return " (is the stack up? ./fluxo stack up, or set " + key + ")";
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }
}
