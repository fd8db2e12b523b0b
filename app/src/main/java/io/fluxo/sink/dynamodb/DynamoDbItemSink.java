package io.fluxo.sink.dynamodb;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import io.fluxo.sink.Backoff;
import io.fluxo.sink.Sink;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.Transient;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Puts items (attribute maps) into one table with BatchWriteItem (25 a call, {@code writers} calls at once),
 * retrying unprocessed items with backoff. A caller whose keys are deterministic (the same event always has the
 * same key) gets idempotence for free: a replayed batch puts the same items again and changes nothing.
 */
public final class DynamoDbItemSink implements Sink<Map<String, AttributeValue>> {
    static final int BATCH_LIMIT = 25;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private final DynamoDbSettings settings;
    private final String table;

    public DynamoDbItemSink(DynamoDbSettings settings, String table) {
        this.settings = settings;
        this.table = table;
    }

    @Override
    public void write(long batchId, Iterator<Map<String, AttributeValue>> rows) {
        List<List<WriteRequest>> chunks = new ArrayList<>();
        List<WriteRequest> chunk = new ArrayList<>(BATCH_LIMIT);
        while (rows.hasNext()) {
            chunk.add(WriteRequest.builder().putRequest(PutRequest.builder().item(rows.next()).build()).build());
            if (chunk.size() == BATCH_LIMIT) {
                chunks.add(chunk);
                chunk = new ArrayList<>(BATCH_LIMIT);
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        if (chunks.isEmpty()) {
            return;
        }
        DynamoDbClient client = DynamoDbClients.shared(settings);
        if (chunks.size() == 1 || settings.writers() == 1) {
            chunks.forEach(c -> writeChunk(client, c));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.writers(), chunks.size()));
        try {
            List<Future<?>> futures = new ArrayList<>(chunks.size());
            for (List<WriteRequest> c : chunks) {
                futures.add(pool.submit(() -> writeChunk(client, c)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("Cannot write to DynamoDB table " + table + ": interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new SinkException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void writeChunk(DynamoDbClient client, List<WriteRequest> requests) {
        List<WriteRequest>[] pending = new List[] {requests};
        try {
            Failsafe.with(Backoff.<Void>policy(settings.maxAttempts())
                            .handleIf(e -> e instanceof Unprocessed || isTransient(e)).build())
                    .run(() -> {
                        var response = client.batchWriteItem(b -> b.requestItems(Map.of(table, pending[0])));
                        List<WriteRequest> left = response.unprocessedItems().getOrDefault(table, List.of());
                        if (!left.isEmpty()) {
                            pending[0] = left;
                            throw new Unprocessed(left.size());
                        }
                    });
        } catch (FailsafeException e) {
            throw new SinkException("Cannot write to DynamoDB table " + table + " at " + endpoint() + ": "
                    + e.getCause().getMessage() + " after " + settings.maxAttempts() + " attempts", e.getCause());
        } catch (Unprocessed e) {
            throw new SinkException("Cannot write to DynamoDB table " + table + " at " + endpoint() + ": "
                    + e.getMessage() + " after " + settings.maxAttempts() + " attempts", e);
        } catch (SdkException e) {
            throw new SinkException("Cannot write to DynamoDB table " + table + " at " + endpoint() + ": "
                    + e.getMessage() + (isTransient(e) ? " after " + settings.maxAttempts() + " attempts"
                    : " (refused, not retried)"), e);
        }
    }

    /**
     * Transient: throttling, 429 and 5xx answers, and whatever the SDK itself calls retryable (lost connections,
     * time-outs, clock skew). A validation error (400) is refused data and is never retried.
     */
    static boolean isTransient(Throwable e) {
        if (e instanceof software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException
                || e instanceof software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException) {
            return true;
        }
        if (e instanceof AwsServiceException s) {
            return s.isThrottlingException() || s.statusCode() == 429 || s.statusCode() >= 500 || s.retryable();
        }
        if (e instanceof SdkException s && s.retryable()) {
            return true;
        }
        return Transient.isConnectionOrTimeout(e);
    }

    private String endpoint() {
        return settings.endpoint().isEmpty() ? "region " + settings.region() : settings.endpoint();
    }

    /** A JSON object as DynamoDB attributes: strings S, numbers N exactly as written, booleans BOOL; nulls left out. */
    public static Map<String, AttributeValue> item(String json) {
        try {
            return attributes(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON fields as DynamoDB attributes: strings S, numbers N as written, booleans BOOL; nulls left out. */
    public static Map<String, AttributeValue> attributes(JsonNode node) {
        Map<String, AttributeValue> item = new HashMap<>();
        node.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            if (v.isNumber()) {
                item.put(f.getKey(), AttributeValue.fromN(v.decimalValue().toPlainString()));
            } else if (v.isBoolean()) {
                item.put(f.getKey(), AttributeValue.fromBool(v.booleanValue()));
            } else if (!v.isNull()) {
                item.put(f.getKey(), AttributeValue.fromS(v.asText()));
            }
        });
        return item;
    }

    private static final class Unprocessed extends RuntimeException {
        Unprocessed(int count) {
            super(count + " items still unprocessed", null, false, false);
        }
    }
}
