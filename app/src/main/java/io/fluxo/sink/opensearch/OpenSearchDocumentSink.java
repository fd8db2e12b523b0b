package io.fluxo.sink.opensearch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fluxo.sink.Sink;
import io.fluxo.sink.SinkException;
import io.fluxo.sink.RetryBudget;
import io.fluxo.sink.Transient;
import dev.failsafe.FailsafeException;
import jakarta.json.stream.JsonGenerator;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.JsonpSerializable;
import org.opensearch.client.json.jackson.JacksonJsonpGenerator;
import org.opensearch.client.opensearch._types.OpenSearchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

/**
 * Indexes documents into one index through the bulk API, each with the caller's external version
 * (version_type external_gte): a replayed batch rewrites the same version, an older version never
 * overwrites a newer one. A request or items answered 429/5xx, a lost connection or a time-out are retried
 * within the sink's {@link RetryBudget}; a document refused for good (any other 4xx) is returned as a
 * {@link Refusal} for the caller's dead letters, and the rest of the bulk is written.
 */
public final class OpenSearchDocumentSink implements Sink<OpenSearchDocumentSink.Document> {
    /** One document: its {@code _id}, its JSON source, and its external version. */
    public record Document(String id, String json, long version) implements java.io.Serializable {
        public Document {
            java.util.Objects.requireNonNull(id, "id");
            java.util.Objects.requireNonNull(json, "json");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private final OpenSearchSettings settings;
    private final String index;

    public OpenSearchDocumentSink(OpenSearchSettings settings, String index) {
        this.settings = settings;
        this.index = index;
    }

    /**
     * What a write did: documents written, and those the index refused as stale (409: it holds a newer version),
     * with a few of their ids for the log.
     */
    public record Result(long written, long stale, List<String> staleExamples, List<Refusal> refused)
            implements java.io.Serializable {
        static final int EXAMPLES = 5;

        Result plus(Result other) {
            List<String> examples = new ArrayList<>(staleExamples);
            other.staleExamples.stream().limit(Math.max(0, EXAMPLES - examples.size())).forEach(examples::add);
            List<Refusal> all = new ArrayList<>(refused);
            all.addAll(other.refused);
            return new Result(written + other.written, stale + other.stale, List.copyOf(examples), List.copyOf(all));
        }
    }

    /** A document the index refused for good (a 4xx for that item: too long an _id, a mapping error, ...). */
    public record Refusal(String id, int status, String message) implements java.io.Serializable {
    }

    /** Writes every document; a document the index refuses for good fails the write with the reason. */
    @Override
    public void write(long batchId, Iterator<Document> rows) {
        failOnRefusals(writeAll(batchId, rows));
    }

    /** @throws SinkException naming the first refused document, when the index refused any */
    public void failOnRefusals(Result result) {
        if (!result.refused().isEmpty()) {
            Refusal first = result.refused().get(0);
            throw new SinkException("Cannot index " + result.refused().size() + " documents into " + index + " at "
                    + settings.url() + ": " + first.id() + ": " + first.message() + (result.refused().size() > 1
                    ? " (and " + (result.refused().size() - 1) + " more)" : ""));
        }
    }

    /**
     * As {@link #write}, but a document the index refuses for good does not stop the others: it is in the result,
     * for the caller to dead-letter, together with the documents refused as stale (the index holds a newer version).
     */
    public Result writeAll(long batchId, Iterator<Document> rows) {
        OpenSearchClient client = OpenSearchClients.shared(settings);
        Result result = new Result(0, 0, List.of(), List.of());
        List<BulkOperation> operations = new ArrayList<>(settings.bulkSize());
        while (rows.hasNext()) {
            Document row = rows.next();
            RawJson document = new RawJson(row.json());
            operations.add(BulkOperation.of(op -> op.index(i -> i.index(index).id(row.id()).document(document)
                    .version(row.version()).versionType(VersionType.ExternalGte))));
            if (operations.size() == settings.bulkSize()) {
                result = result.plus(send(client, operations));
                operations = new ArrayList<>(settings.bulkSize());
            }
        }
        if (!operations.isEmpty()) {
            result = result.plus(send(client, operations));
        }
        return result;
    }

    private Result send(OpenSearchClient client, List<BulkOperation> operations) {
        Bulk bulk = new Bulk(client, operations);
        try {
            return settings.retry().call(OpenSearchDocumentSink::isTransient, bulk::attempt);
        } catch (RetryBudget.Exhausted e) {
            throw new SinkException("Cannot index " + bulk.pending.size() + " documents into " + index + " at "
                    + settings.url() + ": " + e.getMessage() + " " + e.summary(), e.getCause());
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof IOException io ? new UncheckedIOException(io) : new SinkException(cause.getMessage(), cause);
        }
    }

    /** Transient: a lost or refused connection, a time-out, 429 or 5xx for the request or for some of its items. */
    static boolean isTransient(Throwable e) {
        if (e instanceof ItemsToRetry) {
            return true;
        }
        if (e instanceof OpenSearchException o) {
            return o.status() == 429 || o.status() >= 500;
        }
        return Transient.isConnectionOrTimeout(e);
    }

    /** One bulk request and its retries: the items still to write, and what the server said of the others. */
    private final class Bulk {
        private final OpenSearchClient client;
        private final List<BulkOperation> operations;
        private List<BulkOperation> pending;
        private long stale;
        private final List<Refusal> refused = new ArrayList<>();
        private final List<String> staleExamples = new ArrayList<>();

        Bulk(OpenSearchClient client, List<BulkOperation> operations) {
            this.client = client;
            this.operations = operations;
            this.pending = operations;
        }

        Result attempt() throws IOException {
            BulkResponse response;
            List<BulkOperation> sent = pending;
            try {
                response = client.bulk(b -> b.index(index).operations(sent));
            } catch (OpenSearchException e) {
                if (e.status() == 400) {
                    // The whole request failed validation (e.g. one _id over 512 bytes): halve it until the documents
                    // at fault are alone, so that every other document is still written.
                    long alreadyWritten = operations.size() - sent.size() - stale - refused.size();
                    Result before = new Result(alreadyWritten, stale, List.copyOf(staleExamples), List.copyOf(refused));
                    if (sent.size() == 1) {
                        return before.plus(new Result(0, 0, List.of(),
                                List.of(new Refusal(sent.get(0).index().id(), 400, "400 " + e.getMessage()))));
                    }
                    int half = sent.size() / 2;
                    return before.plus(send(client, sent.subList(0, half))).plus(send(client, sent.subList(half, sent.size())));
                }
                if (!isTransient(e)) {
                    throw new SinkException("Cannot index " + sent.size() + " documents into " + index + " at "
                            + settings.url() + ": " + e.status() + " " + e.getMessage() + " (refused, not retried)", e);
                }
                throw e;
            }
            List<BulkOperation> retry = new ArrayList<>();
            String problem = "";
            for (int i = 0; i < response.items().size(); i++) {
                BulkResponseItem item = response.items().get(i);
                if (item.error() == null) {
                    continue;
                }
                if (item.status() == 409) {
                    // The index holds a newer version of this document: kept, and counted so the caller says so.
                    stale++;
                    if (staleExamples.size() < Result.EXAMPLES) {
                        staleExamples.add(item.id());
                    }
                    continue;
                }
                if (item.status() == 429 || item.status() >= 500) {
                    retry.add(sent.get(i));
                    problem = item.status() + " " + item.error().reason();
                } else {
                    refused.add(new Refusal(item.id(), item.status(), item.status() + " " + item.error().type() + " "
                            + item.error().reason()));
                }
            }
            if (!retry.isEmpty()) {
                pending = retry;
                throw new ItemsToRetry(retry.size() + " items answered " + problem);
            }
            return new Result(operations.size() - stale - refused.size(), stale, List.copyOf(staleExamples),
                    List.copyOf(refused));
        }
    }

    /** Some items of a bulk were answered 429 or 5xx: the bulk is tried again with those. */
    private static final class ItemsToRetry extends RuntimeException {
        ItemsToRetry(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A document's JSON source as the caller wrote it, put into the bulk body as it is: not parsed into a tree here
     * and written out again (that cost as much CPU as the rest of the write path). Through any mapper other than
     * Jackson's it is parsed and written by that mapper.
     */
    record RawJson(String json) implements JsonpSerializable {
        @Override
        public void serialize(JsonGenerator generator, JsonpMapper mapper) {
            if (generator instanceof JacksonJsonpGenerator jackson) {
                try {
                    jackson.jacksonGenerator().writeRawValue(json);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                mapper.serialize(parse(json), generator);
            }
        }
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
