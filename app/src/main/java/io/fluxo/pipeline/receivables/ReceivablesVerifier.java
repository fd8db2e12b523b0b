package io.fluxo.pipeline.receivables;

import io.fluxo.sink.opensearch.OpenSearchSettings;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.sink.Causes;
import io.fluxo.sink.dynamodb.DynamoDbClients;
import io.fluxo.sink.opensearch.OpenSearchClients;
import io.fluxo.pipeline.receivables.ReceivableCheck.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.MgetResponse;
import org.opensearch.client.opensearch.core.mget.MultiGetResponseItem;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Checks the live receivables sinks against an expectation written by the generator (DESIGN §5): each
 * lifecycle document by id from the index, each receivable's history sort keys from the table. Only the
 * sinks enabled in {@code receivables.sinks} are checked. Retries the receivables that do not match yet
 * until the timeout, since the pipeline may still be catching up.
 */
public final class ReceivablesVerifier implements AutoCloseable {
    static final int MGET_CHUNK = 500;
    /** From this many receivables one Scan of the table may beat one Query each. */
    static final int SCAN_MIN_IDS = 200;
    /** Scan when the table holds at most this many items per expected receivable. */
    static final int SCAN_MAX_ITEMS_PER_ID = 20;
    static final int QUERY_THREADS = 8;
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);
    private static final String HINT = " (is the stack up? ./fluxo stack up)";

    private final ReceivablesSettings settings;
    private final OpenSearchClient openSearch;
    private final String openSearchUrl;
    private final DynamoDbClient dynamoDb;
    private final String dynamoDbLocation;
    private final boolean ownsClients;

    /**
     * @param openSearch null: the lifecycle documents are not checked
     * @param dynamoDb null: the history is not checked
     */
    public ReceivablesVerifier(ReceivablesSettings settings, OpenSearchClient openSearch, String openSearchUrl,
            DynamoDbClient dynamoDb, String dynamoDbLocation) {
        this(settings, openSearch, openSearchUrl, dynamoDb, dynamoDbLocation, false);
    }

    private ReceivablesVerifier(ReceivablesSettings settings, OpenSearchClient openSearch, String openSearchUrl,
            DynamoDbClient dynamoDb, String dynamoDbLocation, boolean ownsClients) {
        this.settings = requireNonNull(settings, "settings");
        this.openSearch = openSearch;
        this.openSearchUrl = requireNonNull(openSearchUrl, "openSearchUrl");
        this.dynamoDb = dynamoDb;
        this.dynamoDbLocation = requireNonNull(dynamoDbLocation, "dynamoDbLocation");
        this.ownsClients = ownsClients;
        if (openSearch == null && dynamoDb == null) {
            throw new UserException("Cannot verify receivables: no sink to check (fluxo.receivables.sinks is "
                    + (settings.sinks().isEmpty() ? "none" : String.join(",", settings.sinks())) + ")");
        }
    }

    /** A verifier with its own clients for the sinks enabled in the configuration; close it when done. */
    public static ReceivablesVerifier create(FluxoConfig config) {
        requireNonNull(config, "config");
        ReceivablesSettings settings = ReceivablesSettings.of(config);
        if (settings.sinks().isEmpty()) {
            throw new UserException("Cannot verify receivables: no sink to check (fluxo.receivables.sinks is none)");
        }
        OpenSearchClient openSearch = null;
        if (settings.sinkEnabled("opensearch")) {
            openSearch = OpenSearchClients.create(OpenSearchSettings.of(config));
            // Exact amounts: decimals become BigDecimal, never a double on the way.
            if (openSearch._transport().jsonpMapper() instanceof JacksonJsonpMapper jackson) {
                jackson.objectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            }
        }
        DynamoDbClient dynamoDb = settings.sinkEnabled("dynamodb") ? DynamoDbClients.create(DynamoDbSettings.of(config)) : null;
        String endpoint = DynamoDbSettings.of(config).endpoint();
        return new ReceivablesVerifier(settings, openSearch, OpenSearchSettings.of(config).url(), dynamoDb,
                endpoint.isEmpty() ? "AWS " + DynamoDbSettings.of(config).region() : endpoint, true);
    }

    /** One pass over every expected receivable. */
    public VerifyResult check(List<ReceivableExpectation> expected) {
        return verify(expected, Duration.ZERO, r -> {
        });
    }

    public VerifyResult verify(List<ReceivableExpectation> expected, Duration timeout) {
        return verify(expected, timeout, r -> {
        });
    }

    /**
     * Checks until everything matches or {@code timeout} passed; after each pass that still found
     * differences and before waiting, {@code onRetry} gets the result so far.
     *
     * @throws UserException when a sink cannot be reached
     */
    public VerifyResult verify(List<ReceivableExpectation> expected, Duration timeout, Consumer<VerifyResult> onRetry) {
        requireNonNull(expected, "expected");
        requireNonNull(timeout, "timeout");
        requireNonNull(onRetry, "onRetry");
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, ReceivableExpectation> byId = new LinkedHashMap<>();
        for (ReceivableExpectation e : expected) {
            if (byId.put(e.idRecebivel(), e) != null) {
                throw new IllegalArgumentException("Invalid expectation: id_recebivel " + e.idRecebivel() + " twice");
            }
        }
        long historyItems = expected.stream().mapToLong(e -> e.eventos().size()).sum();
        Map<String, ReceivableCheck> checks = new HashMap<>();
        List<ReceivableExpectation> pending = List.copyOf(expected);
        while (true) {
            for (ReceivableCheck c : checkOnce(pending)) {
                checks.put(c.id(), c);
            }
            VerifyResult result = result(expected, historyItems, checks);
            long left = deadline - System.nanoTime();
            if (result.ok() || left <= 0) {
                return result;
            }
            onRetry.accept(result);
            try {
                Thread.sleep(Math.max(1, Math.min(RETRY_INTERVAL.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
            pending = pending.stream().filter(e -> checks.get(e.idRecebivel()).status() != Status.MATCH).toList();
        }
    }

    private static VerifyResult result(List<ReceivableExpectation> expected, long historyItems,
            Map<String, ReceivableCheck> checks) {
        int matched = 0;
        int differing = 0;
        int missing = 0;
        List<String> mismatches = new ArrayList<>();
        for (ReceivableExpectation e : expected) {
            ReceivableCheck c = checks.get(e.idRecebivel());
            switch (c.status()) {
                case MATCH -> matched++;
                case DIFFER -> differing++;
                case MISSING -> missing++;
            }
            for (String m : c.mismatches()) {
                if (mismatches.size() < VerifyResult.MAX_MISMATCHES) {
                    mismatches.add(m);
                }
            }
        }
        return new VerifyResult("receivables", expected.size(), historyItems, matched, differing, missing, mismatches);
    }

    private List<ReceivableCheck> checkOnce(List<ReceivableExpectation> expected) {
        List<String> ids = expected.stream().map(ReceivableExpectation::idRecebivel).toList();
        Map<String, JsonNode> documents = openSearch == null ? Map.of() : fetchDocuments(ids);
        Map<String, Set<String>> history = dynamoDb == null ? Map.of() : fetchHistory(ids);
        List<ReceivableCheck> result = new ArrayList<>(expected.size());
        for (ReceivableExpectation e : expected) {
            result.add(ReceivableCheck.of(e, openSearch != null, documents.get(e.idRecebivel()), settings.index(),
                    dynamoDb != null, history.get(e.idRecebivel()), settings.table()));
        }
        return result;
    }

    /** Lifecycle documents by id; an id without a document is absent from the map. */
    Map<String, JsonNode> fetchDocuments(List<String> ids) {
        Map<String, JsonNode> result = new HashMap<>();
        for (int from = 0; from < ids.size(); from += MGET_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MGET_CHUNK));
            MgetResponse<JsonNode> response;
            try {
                response = openSearch.mget(m -> m.index(settings.index()).ids(chunk)
                        .sourceIncludes(ReceivableCheck.DOCUMENT_FIELDS), JsonNode.class);
            } catch (OpenSearchException e) {
                if (e.status() == 404) {
                    return Map.of();
                }
                throw new UserException("Cannot read OpenSearch index " + settings.index() + " at " + openSearchUrl
                        + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UserException("Cannot read OpenSearch index " + settings.index() + " at " + openSearchUrl
                        + ": " + reason(e) + HINT, e);
            }
            for (MultiGetResponseItem<JsonNode> item : response.docs()) {
                if (item.isResult() && item.result().found() && item.result().source() != null) {
                    result.put(item.result().id(), item.result().source());
                }
            }
        }
        return result;
    }

    /** History sort keys by id; an id without items is absent from the map. */
    Map<String, Set<String>> fetchHistory(List<String> ids) {
        try {
            return useScan(ids.size()) ? scanHistory(new HashSet<>(ids)) : queryHistory(ids);
        } catch (ResourceNotFoundException e) {
            return Map.of();
        } catch (SdkClientException e) {
            throw new UserException("Cannot read DynamoDB table " + settings.table() + " at " + dynamoDbLocation + ": "
                    + reason(e) + HINT, e);
        } catch (DynamoDbException e) {
            throw new UserException("Cannot read DynamoDB table " + settings.table() + " at " + dynamoDbLocation + ": "
                    + reason(e), e);
        }
    }

    private boolean useScan(int ids) {
        if (ids < SCAN_MIN_IDS) {
            return false;
        }
        Long items = dynamoDb.describeTable(d -> d.tableName(settings.table())).table().itemCount();
        return items != null && items <= (long) ids * SCAN_MAX_ITEMS_PER_ID;
    }

    private Map<String, Set<String>> scanHistory(Set<String> ids) {
        Map<String, Set<String>> result = new HashMap<>();
        dynamoDb.scanPaginator(s -> s.tableName(settings.table()).projectionExpression("#id, #ev")
                .expressionAttributeNames(Map.of("#id", "id_recebivel", "#ev", "evento")).consistentRead(true))
                .items().forEach(item -> {
                    String id = text(item.get("id_recebivel"));
                    if (id != null && ids.contains(id)) {
                        result.computeIfAbsent(id, k -> new HashSet<>()).add(text(item.get("evento")));
                    }
                });
        return result;
    }

    private Map<String, Set<String>> queryHistory(List<String> ids) {
        ExecutorService pool = Executors.newFixedThreadPool(QUERY_THREADS, r -> {
            Thread t = new Thread(r, "fluxo-verify-query");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<Set<String>>> futures = new LinkedHashMap<>();
            for (String id : ids) {
                futures.put(id, pool.submit(() -> queryOne(id)));
            }
            Map<String, Set<String>> result = new HashMap<>();
            for (Map.Entry<String, Future<Set<String>>> f : futures.entrySet()) {
                Set<String> keys = f.getValue().get();
                if (!keys.isEmpty()) {
                    result.put(f.getKey(), keys);
                }
            }
            return result;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("Cannot read DynamoDB table " + settings.table() + ": interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    private Set<String> queryOne(String id) {
        Set<String> keys = new HashSet<>();
        dynamoDb.queryPaginator(q -> q.tableName(settings.table()).keyConditionExpression("#id = :id")
                .projectionExpression("#ev")
                .expressionAttributeNames(Map.of("#id", "id_recebivel", "#ev", "evento"))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(id))).consistentRead(true))
                .items().forEach(item -> keys.add(text(item.get("evento"))));
        return keys;
    }

    private static String text(AttributeValue value) {
        return value == null ? null : value.s();
    }

    private static String reason(Throwable e) {
        Throwable root = Causes.root(e);
        String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        if (ownsClients) {
            if (dynamoDb != null) {
                dynamoDb.close();
            }
            if (openSearch != null) {
                try {
                    openSearch._transport().close();
                } catch (IOException e) {
                    // Closing a client of a run that is over: nothing left to lose.
                }
            }
        }
    }
}
