package io.fluxo.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A record a pipeline could not use, as written to the dead-letter topic {@code <pipeline>.dlq}:
 * enough to find the original (topic, partition, offset) and to repair and replay it (the raw value,
 * as text when it is valid UTF-8, else base64).
 */
public record DeadLetter(String pipeline, String reason, String error, String topic, int partition, long offset,
        byte[] key, byte[] value, long kafkaTimestamp, long failedAt) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public String toJson() {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("pipeline", pipeline);
        json.put("reason", reason);
        json.put("error", error);
        json.put("topic", topic);
        json.put("partition", partition);
        json.put("offset", offset);
        putBytes(json, "key", key);
        putBytes(json, "value", value);
        json.put("kafka_timestamp", Instant.ofEpochMilli(kafkaTimestamp).toString());
        json.put("failed_at", Instant.ofEpochMilli(failedAt).toString());
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record's place in Kafka; also the DLQ record's key, so a consumer can tell repeats apart. */
    public String sourceId() {
        return topic + "/" + partition + "/" + offset;
    }

    private static void putBytes(ObjectNode json, String field, byte[] bytes) {
        if (bytes == null) {
            json.putNull(field);
            json.putNull(field + "_encoding");
            return;
        }
        String text = utf8(bytes);
        json.put(field, text != null ? text : Base64.getEncoder().encodeToString(bytes));
        json.put(field + "_encoding", text != null ? "text" : "base64");
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
