package io.fluxo.metrics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What the metrics take from one micro-batch's progress ({@code StreamingQueryProgress.json()}): a pure reading, so
 * that it is tested with JSON text and runs on Spark's listener thread without touching a batch.
 *
 * @param query the query's name ({@code queryName}); empty for an unnamed query
 * @param watermarkEpochSeconds the event-time watermark, where the query has one
 * @param lagByTopic records behind the latest offset, per topic of the Kafka sources
 */
public record ProgressReading(String query, long inputRows, double inputRowsPerSecond, double processedRowsPerSecond,
        long batchDurationMillis, OptionalDouble watermarkEpochSeconds, List<StateOperator> stateOperators,
        Map<String, Long> lagByTopic) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ProgressReading {
        requireNonNull(query, "query");
        requireNonNull(watermarkEpochSeconds, "watermarkEpochSeconds");
        stateOperators = List.copyOf(stateOperators);
        lagByTopic = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lagByTopic));
    }

    /** The same reading under another query name. */
    public ProgressReading named(String name) {
        return new ProgressReading(name, inputRows, inputRowsPerSecond, processedRowsPerSecond, batchDurationMillis,
                watermarkEpochSeconds, stateOperators, lagByTopic);
    }

    /**
     * One stateful operator of the batch.
     *
     * @param name Spark's operator name, with "_2", "_3" … for the second and later of the same name
     * @param droppedByWatermark rows of this batch dropped as later than the watermark
     */
    public record StateOperator(String name, long rows, long droppedByWatermark) {
        public StateOperator {
            requireNonNull(name, "name");
        }
    }

    /** @throws IllegalArgumentException "Cannot read the progress of a query: …" for text that is not a progress */
    public static ProgressReading parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot read the progress of a query: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Cannot read the progress of a query: not a JSON object");
        }
        String name = root.path("name").isTextual() ? root.path("name").asText() : "";
        return new ProgressReading(name, root.path("numInputRows").asLong(0),
                finite(root.path("inputRowsPerSecond")), finite(root.path("processedRowsPerSecond")),
                root.path("batchDuration").asLong(0), watermark(root.path("eventTime").path("watermark")),
                stateOperators(root.path("stateOperators")), lag(root.path("sources")));
    }

    /** Spark leaves out a rate that is NaN or infinite (no time elapsed): 0 then. */
    private static double finite(JsonNode value) {
        double d = value.isNumber() ? value.asDouble() : 0;
        return Double.isFinite(d) ? d : 0;
    }

    private static OptionalDouble watermark(JsonNode value) {
        if (!value.isTextual()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Instant.parse(value.asText()).toEpochMilli() / 1000.0);
        } catch (DateTimeParseException e) {
            return OptionalDouble.empty();
        }
    }

    private static List<StateOperator> stateOperators(JsonNode operators) {
        List<StateOperator> result = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (JsonNode op : operators) {
            String name = op.path("operatorName").asText("state");
            int n = seen.merge(name, 1, Integer::sum);
            result.add(new StateOperator(n == 1 ? name : name + "_" + n, op.path("numRowsTotal").asLong(0),
                    op.path("numRowsDroppedByWatermark").asLong(0)));
        }
        return result;
    }

    /** The sum over the Kafka sources of their lag per topic. */
    private static Map<String, Long> lag(JsonNode sources) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (JsonNode source : sources) {
            if (source.path("description").asText("").startsWith("Kafka")) {
                lag(source.path("endOffset"), source.path("latestOffset")).forEach((t, l) -> result.merge(t, l, Long::sum));
            }
        }
        return result;
    }

    /**
     * Records behind the latest offset per topic: over the partitions of each topic, latest − end (what the batch
     * read up to), never below 0. Both are Kafka source offsets, {@code {"topic":{"0":12,"1":40}}}, as JSON or as
     * JSON text; a topic or partition missing from latest has no lag to report.
     */
    public static Map<String, Long> lag(JsonNode endOffset, JsonNode latestOffset) {
        JsonNode end = asObject(endOffset);
        JsonNode latest = asObject(latestOffset);
        Map<String, Long> result = new LinkedHashMap<>();
        if (end == null || latest == null) {
            return result;
        }
        for (Iterator<Map.Entry<String, JsonNode>> topics = latest.fields(); topics.hasNext(); ) {
            Map.Entry<String, JsonNode> topic = topics.next();
            long behind = 0;
            for (Iterator<Map.Entry<String, JsonNode>> partitions = topic.getValue().fields(); partitions.hasNext(); ) {
                Map.Entry<String, JsonNode> partition = partitions.next();
                JsonNode read = end.path(topic.getKey()).path(partition.getKey());
                if (read.isIntegralNumber() && partition.getValue().isIntegralNumber()) {
                    behind += Math.max(0, partition.getValue().asLong() - read.asLong());
                }
            }
            result.put(topic.getKey(), behind);
        }
        return result;
    }

    /** JSON text as Spark writes an offset it could not parse, else the object itself; null for anything else. */
    private static JsonNode asObject(JsonNode offset) {
        JsonNode node = offset;
        if (node.isTextual()) {
            try {
                node = JSON.readTree(node.asText());
            } catch (JsonProcessingException e) {
                return null;
            }
        }
        return node != null && node.isObject() ? node : null;
    }
}
