package io.fluxo.sink.dynamodb;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fluxo.sink.RetryBudget;
import io.fluxo.sink.Sink;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.Transient;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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

    /** Null: the JVM's shared client for the settings; set by tests to a hand-written fake. */
    private final transient DynamoDbClient client;

    public DynamoDbItemSink(DynamoDbSettings settings, String table) {
        this(settings, table, null);
    }

    DynamoDbItemSink(DynamoDbSettings settings, String table, DynamoDbClient client) {
        this.settings = settings;
        this.table = table;
        this.client = client;
    }

    /** What a write did: items written, and those the table refused for good (a validation error), in input order. */
    public record Result(long written, List<Refusal> refused) {
        public Result {
            refused = List.copyOf(refused);
        }
    }

    /** An item the table refused for good: its position among the rows written, and the server's message. */
    public record Refusal(int position, Map<String, AttributeValue> item, String message) {
    }

    /** Writes every item; an item the table refuses for good fails the write with the server's message. */
    @Override
    public void write(long batchId, Iterator<Map<String, AttributeValue>> rows) {
        Result result = writeAll(batchId, rows);
        if (!result.refused().isEmpty()) {
            Refusal first = result.refused().get(0);
            throw new SinkException("Cannot write to DynamoDB table " + table + " at " + endpoint() + ": "
                    + first.message() + (result.refused().size() > 1 ? " (and " + (result.refused().size() - 1)
                    + " more items)" : "") + " (refused, not retried)");
        }
    }

    /**
     * As {@link #write}, but an item the table refuses for good (a ValidationException) does not stop the others:
     * BatchWriteItem refuses a whole call for one bad item, so that call's items are put one by one, and the refused
     * ones are in the result for the caller to dead-letter. Puts are idempotent by key, so writing again is safe.
     */
    public Result writeAll(long batchId, Iterator<Map<String, AttributeValue>> rows) {
        List<List<Pending>> chunks = new ArrayList<>();
        List<Pending> chunk = new ArrayList<>(BATCH_LIMIT);
        int position = 0;
        while (rows.hasNext()) {
            chunk.add(new Pending(position++, rows.next()));
            if (chunk.size() == BATCH_LIMIT) {
                chunks.add(chunk);
                chunk = new ArrayList<>(BATCH_LIMIT);
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        if (chunks.isEmpty()) {
            return new Result(0, List.of());
        }
        DynamoDbClient client = this.client != null ? this.client : DynamoDbClients.shared(settings);
        List<Refusal> refused = new ArrayList<>();
        if (chunks.size() == 1 || settings.writers() == 1) {
            chunks.forEach(c -> refused.addAll(writeChunk(client, c)));
            return new Result(position - refused.size(), refused);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.writers(), chunks.size()));
        try {
            List<Future<List<Refusal>>> futures = new ArrayList<>(chunks.size());
            for (List<Pending> c : chunks) {
                futures.add(pool.submit(() -> writeChunk(client, c)));
            }
            for (Future<List<Refusal>> f : futures) {
                refused.addAll(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("Cannot write to DynamoDB table " + table + ": interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new SinkException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(position - refused.size(), refused);
    }

    private record Pending(int position, Map<String, AttributeValue> item) {
        WriteRequest request() {
            return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
        }
    }

    private List<Refusal> writeChunk(DynamoDbClient client, List<Pending> items) {
        List<WriteRequest>[] pending = new List[] {items.stream().map(Pending::request).toList()};
        try {
            retrying(() -> {
                var response = client.batchWriteItem(b -> b.requestItems(Map.of(table, pending[0])));
                List<WriteRequest> left = response.unprocessedItems().getOrDefault(table, List.of());
                if (!left.isEmpty()) {
                    pending[0] = left;
                    throw new Unprocessed(left.size());
                }
            });
            return List.of();
        } catch (SdkException e) {
            if (!isRefused(e)) {
                throw failure(e);
            }
        }
        // One item of the call is refused, but which one is not said: put each on its own.
        List<Refusal> refused = new ArrayList<>();
        for (Pending p : items) {
            try {
                retrying(() -> client.putItem(b -> b.tableName(table).item(p.item())));
            } catch (SdkException e) {
                if (!isRefused(e)) {
                    throw failure(e);
                }
                refused.add(new Refusal(p.position(), p.item(), message(e)));
            }
        }
        return refused;
    }

    private void retrying(Runnable call) {
        try {
            settings.retry().call(e -> e instanceof Unprocessed || isTransient(e), () -> {
                call.run();
                return null;
            });
        } catch (RetryBudget.Exhausted e) {
            throw new SinkException("Cannot write to DynamoDB table " + table + " at " + endpoint() + ": "
                    + e.getMessage() + " " + e.summary(), e.getCause());
        }
    }

    private SinkException failure(SdkException e) {
        return new SinkException("Cannot write to DynamoDB table " + table + " at " + endpoint() + ": "
                + e.getMessage() + " (refused, not retried)", e);
    }

    /** A ValidationException (400): the data is refused, not the table or the request; never retried. */
    static boolean isRefused(Throwable e) {
        return e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && "ValidationException".equals(s.awsErrorDetails().errorCode());
    }

    /** The server's message without the SDK's request-id suffix, so a replay writes the same dead letter. */
    static String message(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null && s.awsErrorDetails().errorMessage() != null) {
            return s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
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
        return attributes(json(json));
    }

    /** A JSON text as read for {@link #item}: numbers kept exact. */
    public static JsonNode json(String json) {
        try {
            return MAPPER.readTree(json);
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

    /** DynamoDB's largest item, attribute names and values together: 400 KB. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    /**
     * The size DynamoDB counts against its item limit, as its documentation reckons it: per attribute the UTF-8
     * bytes of the name plus, for a string, its UTF-8 bytes; for a number, one byte per two significant digits plus
     * one (leading and trailing zeros not counted); for a boolean or null, one byte. Only the types
     * {@link #attributes} writes.
     */
    public static int itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> a : item.entrySet()) {
            size += utf8Length(a.getKey());
            AttributeValue v = a.getValue();
            if (v.s() != null) {
                size += utf8Length(v.s());
            } else if (v.n() != null) {
                BigDecimal n = new BigDecimal(v.n()).stripTrailingZeros();
                int digits = n.signum() == 0 ? 1 : n.precision();
                size += (digits + 1) / 2 + 1;
            } else {
                size += 1;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    private static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static final class Unprocessed extends RuntimeException {
        Unprocessed(int count) {
            super(count + " items still unprocessed", null, false, false);
        }
    }
}
