package io.fluxo.dlq;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * A dead letter as read back from {@code <pipeline>.dlq} ({@link DeadLetter#toJson}): where the record came from,
 * why it failed, and its raw key and value decoded again (text as UTF-8, base64 as bytes). A cut key or value
 * ({@code *_truncated}) is no longer the record as received, so it cannot be replayed.
 */
public record StoredLetter(String reason, String topic, int partition, long offset, byte[] key, byte[] value,
        String valueSha256, boolean keyTruncated, boolean valueTruncated, Instant failedAt) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public StoredLetter {
        requireNonNull(reason, "reason");
        requireNonNull(topic, "topic");
        requireNonNull(failedAt, "failedAt");
    }

    /** @throws IllegalArgumentException "Invalid dead letter: ..." for JSON that is no {@link DeadLetter} */
    public static StoredLetter parse(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid dead letter: not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("Invalid dead letter: not a JSON object");
        }
        Instant failedAt;
        try {
            failedAt = Instant.parse(text(node, "failed_at"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Invalid dead letter: failed_at " + node.get("failed_at")
                    + " (must be an ISO-8601 instant)");
        }
        return new StoredLetter(text(node, "reason"), text(node, "topic"), (int) number(node, "partition"),
                number(node, "offset"), bytes(node, "key"), bytes(node, "value"),
                node.path("value_sha256").isTextual() ? node.get("value_sha256").asText() : null,
                node.path("key_truncated").asBoolean(false), node.path("value_truncated").asBoolean(false), failedAt);
    }

    /** The record's place in Kafka, as in {@link DeadLetter#sourceId()}. */
    public String sourceId() {
        return topic + "/" + partition + "/" + offset;
    }

    /**
     * What the replay bookkeeping is keyed by: the place and the SHA-256 of the value as received. The hash tells
     * apart two different records at the same place (a source topic deleted and created again restarts its offsets).
     */
    public String replayId() {
        return sourceId() + "#" + (valueSha256 == null ? "no-value" : valueSha256);
    }

    /** Whether the record can be sent again as it was received: it has a value, and neither key nor value was cut. */
    public boolean replayable() {
        return value != null && !keyTruncated && !valueTruncated;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("Invalid dead letter: " + field + " missing or not text");
        }
        return v.asText();
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("Invalid dead letter: " + field + " missing or not an integer");
        }
        return v.asLong();
    }

    private static byte[] bytes(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("Invalid dead letter: " + field + " is not text");
        }
        String encoding = node.path(field + "_encoding").asText("");
        return switch (encoding) {
            case "text" -> v.asText().getBytes(StandardCharsets.UTF_8);
            case "base64" -> {
                try {
                    yield Base64.getDecoder().decode(v.asText());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Invalid dead letter: " + field + " is not base64");
                }
            }
            default -> throw new IllegalArgumentException("Invalid dead letter: " + field + "_encoding "
                    + node.get(field + "_encoding") + " (must be text or base64)");
        };
    }
}
