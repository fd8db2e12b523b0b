package io.fluxo.pipeline.receivables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxo.bench.FreshnessProbe;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * Watches an index while a pipeline writes it and records, per receivable, the first moment its lifecycle
 * document was searchable: what a user querying OpenSearch sees, refresh interval included.
 *
 * <p>Each poll asks only for documents with atualizado_em (the batch time) after the newest one seen. A
 * refresh may land in the middle of a batch's writes, so the newest batch can be partly visible: a cheap
 * count of that batch's documents tells when to read it again, and it is read once more when a newer batch
 * shows. Batches are written one after the other, so once a newer batch shows, every older one is complete.
 *
 * <p>First-seen is taken when the search answer arrived, so the poll interval and the search itself
 * can only make a measured freshness longer, never shorter. A receivable's document must appear once per
 * scheduling event sent (topic {@code agendados}).
 */
final class ReceivablesFreshnessProbe extends FreshnessProbe {
    static final int PAGE = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A receivable's scheduling event sent at {@code sentMillis}, its document first found at {@code seenMillis}. */
    record Sample(String id, long sentMillis, long seenMillis) {
        long freshnessMillis() {
            return seenMillis - sentMillis;
        }
    }

    private final OpenSearchClient client;
    private final String index;
    private final String url;
    private final String agendados;
    private final Map<String, Sample> samples = new ConcurrentHashMap<>();
    private final Set<String> idsAtNewest = new HashSet<>();
    private long newest = Long.MIN_VALUE;

    /** @param client its own, closed with the probe */
    ReceivablesFreshnessProbe(OpenSearchClient client, String index, String url, String agendados, Duration every) {
        super(every);
        this.client = client;
        this.index = index;
        this.url = url;
        this.agendados = agendados;
    }

    /** Samples of documents whose scheduling event was sent at or after {@code from}. */
    List<Sample> samplesSentFrom(Instant from) {
        long fromMillis = from.toEpochMilli();
        return samples.values().stream().filter(s -> s.sentMillis() >= fromMillis).toList();
    }

    @Override
    public boolean allVisible(List<ProduceSummary> sent, Instant lastFrom) {
        return samplesSentFrom(lastFrom).size() >= sent.get(sent.size() - 1).eventsPerTopic().getOrDefault(agendados, 0L);
    }

    @Override
    public Seen seen(ProduceSummary measured, Instant from) {
        return new Seen(measured.eventsPerTopic().getOrDefault(agendados, 0L),
                samplesSentFrom(from).stream().map(Sample::freshnessMillis).toList(), Map.of(), List.of());
    }

    @Override
    public String warmupMissing() {
        return "the warm-up documents did not appear in " + index;
    }

    @Override
    public UserException unreadable(Exception last) {
        return new UserException("Cannot search " + index + " at " + url + ": "
                + (last == null ? "no answer" : last.getMessage()), last);
    }

    @Override
    public void close() {
        super.close();
        try {
            client._transport().close();
        } catch (IOException e) {
            // the probe's own client; nothing else uses it
        }
    }

    @Override
    protected void poll() throws IOException {
        long before = newest;
        List<JsonNode> hits = search(newest == Long.MIN_VALUE ? null : rangeAfter(newest));
        if (!hits.isEmpty()) {
            record(hits);
            // A newer batch shows, so the one that was newest is complete now: read it once more for what the
            // last poll could not see yet (a count would not do: documents rewritten by the newer batch move).
            if (before != Long.MIN_VALUE) {
                record(search(rangeExactly(before)));
            }
            return;
        }
        if (newest != Long.MIN_VALUE && count(rangeExactly(newest)) > idsAtNewest.size()) {
            record(search(rangeExactly(newest)));
        }
    }

    private void record(List<JsonNode> hits) {
        long now = System.currentTimeMillis();
        for (JsonNode hit : hits) {
            JsonNode source = hit.path("_source");
            String id = source.path("id_recebivel").asText(null);
            long updated = hit.path("sort").path(0).asLong();
            if (id == null) {
                continue;
            }
            if (updated > newest) {
                newest = updated;
                idsAtNewest.clear();
            }
            if (updated == newest) {
                idsAtNewest.add(id);
            }
            String sent = source.path("timestamp").asText(null);
            // A document without its scheduling event has no send time to measure from; it comes back with one later.
            if (sent != null && !samples.containsKey(id)) {
                samples.put(id, new Sample(id, Instant.parse(sent).toEpochMilli(), now));
            }
        }
    }

    private static ObjectNode rangeAfter(long millis) {
        ObjectNode q = JSON.createObjectNode();
        q.putObject("range").putObject("atualizado_em").put("gt", millis).put("format", "epoch_millis");
        return q;
    }

    private static ObjectNode rangeExactly(long millis) {
        ObjectNode q = JSON.createObjectNode();
        q.putObject("range").putObject("atualizado_em").put("gte", millis).put("lte", millis).put("format", "epoch_millis");
        return q;
    }

    /** Every matching hit, oldest batch first, a page at a time. */
    private List<JsonNode> search(ObjectNode query) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        JsonNode after = null;
        while (true) {
            ObjectNode body = JSON.createObjectNode();
            body.put("size", PAGE);
            body.put("track_total_hits", false);
            if (query == null) {
                body.putObject("query").putObject("match_all");
            } else {
                body.set("query", query);
            }
            ArrayNode sort = body.putArray("sort");
            sort.addObject().put("atualizado_em", "asc");
            sort.addObject().put("id_recebivel", "asc");
            body.putArray("_source").add("id_recebivel").add("timestamp");
            if (after != null) {
                body.set("search_after", after);
            }
            JsonNode answer = call("POST", "/" + index + "/_search", body);
            JsonNode hits = answer.path("hits").path("hits");
            hits.forEach(all::add);
            if (hits.size() < PAGE) {
                return all;
            }
            after = hits.get(hits.size() - 1).path("sort");
        }
    }

    private long count(ObjectNode query) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.set("query", query);
        return call("POST", "/" + index + "/_count", body).path("count").asLong();
    }

    private JsonNode call(String method, String endpoint, JsonNode body) throws IOException {
        try (Response response = client.generic().execute(
                Requests.builder().method(method).endpoint(endpoint).json(JSON.writeValueAsString(body)).build())) {
            String text = response.getBody().map(Body::bodyAsString).orElse("");
            if (response.getStatus() >= 300) {
                throw new IOException("Cannot search " + index + ": " + response.getStatus() + " " + text);
            }
            return JSON.readTree(text);
        }
    }
}
