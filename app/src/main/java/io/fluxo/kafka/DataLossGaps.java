package io.fluxo.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** The arithmetic of the data-loss audit, apart from Spark and Kafka: which offsets a batch lost. */
public final class DataLossGaps {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DataLossGaps() {
    }

    /** Offsets {@code [from, to)} of one topic-partition. */
    public record Range(TopicPartition partition, long from, long to) {
        public long count() {
            return to - from;
        }
    }

    /**
     * What a batch reading {@code [start, end)} of each partition lost when Kafka's log now begins at
     * {@code earliest}: {@code [start, min(earliest, end))} where the log begins after the start. Spark, with
     * failOnDataLoss=false, skips to the earliest offset when its fetch of {@code start} is out of range, and reads
     * nothing of a partition whose whole range is gone. A partition that is not in {@code start} is new to the
     * query and Spark reads it from its beginning, so its start is 0. A partition missing from {@code earliest}
     * (deleted topic) is skipped: there is nothing to compare with.
     */
    public static List<Range> lost(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end,
            Map<TopicPartition, Long> earliest) {
        List<Range> lost = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            Long first = earliest.get(e.getKey());
            if (first == null) {
                continue;
            }
            long from = start.getOrDefault(e.getKey(), 0L);
            long to = Math.min(first, e.getValue());
            if (to > from) {
                lost.add(new Range(e.getKey(), from, to));
            }
        }
        lost.sort(Comparator.comparing((Range r) -> r.partition().topic()).thenComparingInt(r -> r.partition().partition()));
        return lost;
    }

    /**
     * The parts of {@code gap} that none of {@code recorded} covers, in offset order: a replayed batch may see a
     * longer gap than its first attempt (retention went on meanwhile), and only the new part is a new loss.
     */
    public static List<Range> uncovered(Range gap, List<Range> recorded) {
        List<Range> covering = recorded.stream().filter(r -> r.partition().equals(gap.partition()))
                .sorted(Comparator.comparingLong(Range::from)).toList();
        List<Range> left = new ArrayList<>();
        long at = gap.from();
        for (Range r : covering) {
            if (r.to() <= at) {
                continue;
            }
            if (r.from() >= gap.to()) {
                break;
            }
            if (r.from() > at) {
                left.add(new Range(gap.partition(), at, r.from()));
            }
            at = Math.max(at, r.to());
            if (at >= gap.to()) {
                break;
            }
        }
        if (at < gap.to()) {
            left.add(new Range(gap.partition(), at, gap.to()));
        }
        return left;
    }

    /**
     * The Kafka offsets in a file of Spark's offset log ({@code <checkpoint>/offsets/<batch>}: a version line, the
     * batch's metadata, then one line per source) or of a source's initial offsets ({@code sources/<n>/0}). A
     * Kafka source's line is {@code {"topic":{"0":123,"1":45}}}; lines of other sources (Delta, files) and the
     * metadata have another shape and are left out, so a query reading Kafka and something else is covered too.
     */
    public static Map<TopicPartition, Long> kafkaOffsets(String offsetLogText) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (String line : offsetLogText.split("\n")) {
            String text = line.replaceAll("\\p{Cntrl}", "").strip();
            if (!text.startsWith("{")) {
                continue;
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(text);
            } catch (IOException e) {
                continue;
            }
            Map<TopicPartition, Long> source = kafkaSourceOffset(node);
            if (source != null) {
                offsets.putAll(source);
            }
        }
        return offsets;
    }

    private static Map<TopicPartition, Long> kafkaSourceOffset(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            return null;
        }
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> topics = node.fields(); topics.hasNext(); ) {
            Map.Entry<String, JsonNode> topic = topics.next();
            if (!topic.getValue().isObject()) {
                return null;
            }
            for (Iterator<Map.Entry<String, JsonNode>> parts = topic.getValue().fields(); parts.hasNext(); ) {
                Map.Entry<String, JsonNode> p = parts.next();
                if (!p.getKey().matches("\\d{1,9}") || !p.getValue().canConvertToLong() || !p.getValue().isIntegralNumber()) {
                    return null;
                }
                offsets.put(new TopicPartition(topic.getKey(), Integer.parseInt(p.getKey())), p.getValue().asLong());
            }
        }
        return offsets;
    }
}
