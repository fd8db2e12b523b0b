package io.fluxo.bench;

import io.fluxo.sink.opensearch.OpenSearchSettings;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import io.fluxo.config.FluxoConfig;
import io.fluxo.sink.dynamodb.DynamoDbClients;
import io.fluxo.sink.opensearch.OpenSearchClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Deletes what a bench run created, by its exact names only. Best effort: a problem is returned as a
 * line to show, never thrown, so it cannot hide the run's own result or error.
 */
public final class BenchCleanup {
    private BenchCleanup() {
    }

    public static void deleteTopics(FluxoConfig config, List<String> topics, List<String> problems) {
        Map<String, Object> props = new HashMap<>(config.kafka().clientProperties());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<String> ours = topics.stream().filter(existing::contains).toList();
            if (!ours.isEmpty()) {
                admin.deleteTopics(ours).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("Cannot delete the bench topics: interrupted");
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            problems.add("Cannot delete the bench topics (" + topics.size() + ", e.g. " + topics.get(0) + "): "
                    + cause.getMessage());
        }
    }

    public static void deleteTables(FluxoConfig config, List<String> tables, List<String> problems) {
        DynamoDbClient client = DynamoDbClients.shared(DynamoDbSettings.of(config));
        for (String table : tables) {
            try {
                client.deleteTable(b -> b.tableName(table));
            } catch (ResourceNotFoundException absent) {
                // never created in this run
            } catch (RuntimeException e) {
                problems.add("Cannot delete DynamoDB table " + table + ": " + e.getMessage());
            }
        }
    }

    public static void deleteIndices(FluxoConfig config, List<String> indices, List<String> problems) {
        var client = OpenSearchClients.shared(OpenSearchSettings.of(config));
        for (String index : indices) {
            try (Response response = client.generic().execute(
                    Requests.builder().method("DELETE").endpoint("/" + index).build())) {
                if (response.getStatus() >= 300 && response.getStatus() != 404) {
                    problems.add("Cannot delete index " + index + ": status " + response.getStatus());
                }
            } catch (IOException | RuntimeException e) {
                problems.add("Cannot delete index " + index + ": " + e.getMessage());
            }
        }
    }

    public static void deleteDirectory(Path dir, List<String> problems) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            problems.add("Cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
