package io.fluxo.kafka;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Offsets {@code [from, to)} of one topic-partition that Kafka deleted before a pipeline read them, as recorded in
 * {@code <pipeline>.audit}. {@link #key()} is deterministic, so a replayed batch finds what it recorded before.
 */
public record DataLoss(String pipeline, String topic, int partition, long from, long to, Instant detectedAt,
        String queryId, long batchId) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public DataLoss {
        requireNonNull(pipeline, "pipeline");
        requireNonNull(topic, "topic");
        requireNonNull(detectedAt, "detectedAt");
        requireNonNull(queryId, "queryId");
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("Invalid lost range: [" + from + ", " + to + ")");
        }
    }

    /** Offsets lost; under read_committed a few of them may have been transaction markers rather than records. */
    public long count() {
        return to - from;
    }

    /** "topic/partition/from": one audit record per lost range start. */
    public String key() {
        return topic + "/" + partition + "/" + from;
    }

    public String warning() {
        return "Data loss in " + pipeline + ": " + topic + "-" + partition + " offsets [" + from + ", " + to
                + ") were deleted by Kafka before they were read (" + count() + " records)";
    }

    public String toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("pipeline", pipeline);
        n.put("topic", topic);
        n.put("partition", partition);
        n.put("from", from);
        n.put("to", to);
        n.put("count", count());
        n.put("detected_at", detectedAt.toString());
        n.put("query_id", queryId);
        n.put("batch_id", batchId);
        return n.toString();
    }

    /** @throws IllegalArgumentException for a record that is not an audit record */
    public static DataLoss fromJson(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            for (String field : new String[] {"pipeline", "topic", "partition", "from", "to", "detected_at"}) {
                if (n == null || !n.hasNonNull(field)) {
                    throw new IllegalArgumentException("Invalid audit record: missing " + field + " in " + json);
                }
            }
            return new DataLoss(n.get("pipeline").asText(), n.get("topic").asText(), n.get("partition").asInt(),
                    n.get("from").asLong(), n.get("to").asLong(), Instant.parse(n.get("detected_at").asText()),
                    n.path("query_id").asText(""), n.path("batch_id").asLong(-1));
        } catch (IOException e) {
            throw new UncheckedIOException("Invalid audit record: " + json, e);
        }
    }
}
