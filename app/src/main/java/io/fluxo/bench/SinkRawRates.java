package io.fluxo.bench;

import io.fluxo.sink.opensearch.OpenSearchSettings;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxo.config.UserException;
import io.fluxo.sink.dynamodb.DynamoDbClients;
import io.fluxo.sink.opensearch.OpenSearchClients;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Each sink's own ingest rate, with plain clients and no Spark: BatchWriteItem calls of 25 items from
 * {@code writers} threads, bulk requests of the configured size from {@code clients} clients. Requests are
 * built before the clock starts, so the rate is the server's (and the client library's), nothing else.
 */
public final class SinkRawRates {
    static final int DYNAMODB_BATCH = 25;
    private static final int MAX_ATTEMPTS = 10;

    /** A document to index: its id and its source. */
    public record Document(String id, ObjectNode source) {
    }

    private SinkRawRates() {
    }

    public static Duration dynamoDb(DynamoDbSettings settings, String table, List<Map<String, AttributeValue>> items, int writers) {
        ConcurrentLinkedQueue<List<WriteRequest>> chunks = new ConcurrentLinkedQueue<>();
        List<WriteRequest> chunk = new ArrayList<>(DYNAMODB_BATCH);
        for (Map<String, AttributeValue> item : items) {
            chunk.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (chunk.size() == DYNAMODB_BATCH) {
                chunks.add(chunk);
                chunk = new ArrayList<>(DYNAMODB_BATCH);
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        // One client for all writers, as the history sink shares one per executor.
        try (DynamoDbClient client = DynamoDbClients.create(settings)) {
            return parallel(writers, () -> {
                List<WriteRequest> next;
                while ((next = chunks.poll()) != null) {
                    writeChunk(client, table, next, settings.endpoint());
                }
            });
        }
    }

    private static void writeChunk(DynamoDbClient client, String table, List<WriteRequest> requests, String endpoint) {
        List<WriteRequest> pending = requests;
        for (int attempt = 1; ; attempt++) {
            List<WriteRequest> sent = pending;
            try {
                var response = client.batchWriteItem(b -> b.requestItems(Map.of(table, sent)));
                pending = response.unprocessedItems().getOrDefault(table, List.of());
            } catch (SdkException e) {
                throw new UserException("Cannot write to DynamoDB table " + table + " at " + endpoint + ": " + e.getMessage(), e);
            }
            if (pending.isEmpty()) {
                return;
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new UserException("Cannot write to DynamoDB table " + table + " at " + endpoint + ": "
                        + pending.size() + " items still unprocessed after " + MAX_ATTEMPTS + " attempts");
            }
            sleep(20L * attempt);
        }
    }

    public static Duration openSearch(OpenSearchSettings settings, String index, List<Document> docs,
            int clients, long version) {
        ConcurrentLinkedQueue<List<BulkOperation>> bulks = new ConcurrentLinkedQueue<>();
        List<BulkOperation> bulk = new ArrayList<>(settings.bulkSize());
        for (Document doc : docs) {
            // The sink's request shape: index by id with the batch time as external version.
            bulk.add(BulkOperation.of(op -> op.index(i -> i.index(index).id(doc.id()).document(doc.source())
                    .version(version).versionType(VersionType.ExternalGte))));
            if (bulk.size() == settings.bulkSize()) {
                bulks.add(bulk);
                bulk = new ArrayList<>(settings.bulkSize());
            }
        }
        if (!bulk.isEmpty()) {
            bulks.add(bulk);
        }
        List<OpenSearchClient> pool = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            pool.add(OpenSearchClients.create(settings));
        }
        try {
            List<OpenSearchClient> own = List.copyOf(pool);
            int[] next = {0};
            return parallel(clients, () -> {
                OpenSearchClient client;
                synchronized (next) {
                    client = own.get(next[0]++);
                }
                List<BulkOperation> operations;
                while ((operations = bulks.poll()) != null) {
                    sendBulk(client, index, operations, settings.url());
                }
            });
        } finally {
            for (OpenSearchClient c : pool) {
                try {
                    c._transport().close();
                } catch (IOException e) {
                    // a client of a finished measurement; nothing depends on it
                }
            }
        }
    }

    private static void sendBulk(OpenSearchClient client, String index, List<BulkOperation> operations, String url) {
        List<BulkOperation> pending = operations;
        for (int attempt = 1; ; attempt++) {
            BulkResponse response;
            List<BulkOperation> sent = pending;
            try {
                response = client.bulk(b -> b.index(index).operations(sent));
            } catch (IOException | RuntimeException e) {
                throw new UserException("Cannot bulk index into " + index + " at " + url + ": " + e.getMessage(), e);
            }
            List<BulkOperation> retry = new ArrayList<>();
            for (int i = 0; i < response.items().size(); i++) {
                BulkResponseItem item = response.items().get(i);
                if (item.error() == null) {
                    continue;
                }
                if (item.status() != 429 && item.status() < 500) {
                    throw new UserException("Cannot bulk index into " + index + " at " + url + ": " + item.status() + " "
                            + item.error().type() + " " + item.error().reason());
                }
                retry.add(pending.get(i));
            }
            if (retry.isEmpty()) {
                return;
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new UserException("Cannot bulk index into " + index + " at " + url + ": " + retry.size()
                        + " documents still refused (429/5xx) after " + MAX_ATTEMPTS + " attempts");
            }
            pending = retry;
            sleep(50L * attempt);
        }
    }

    /** Runs {@code work} on {@code threads} threads at once and returns the wall time until all are done. */
    private static Duration parallel(int threads, Runnable work) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fluxo-bench-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(work));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Cannot finish the sink measurement: interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Cannot finish the sink measurement: interrupted", e);
        }
    }
}
