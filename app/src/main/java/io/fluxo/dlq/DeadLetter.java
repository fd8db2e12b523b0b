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
 * as text when it is valid UTF-8, else base64). A key or value longer than the cap is cut to it (at a
 * character boundary for text); {@code value_bytes} and {@code value_sha256} always describe the value as
 * received, and {@code value_truncated} says whether it was cut. The error text is capped too, so a letter
 * always fits a Kafka record.
 */
public record DeadLetter(String pipeline, String reason, String error, String topic, int partition, long offset,
        byte[] key, byte[] value, long kafkaTimestamp, long failedAt) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Error messages are for people: this much is always enough to say what went wrong. */
    static final int MAX_ERROR_CHARS = 2_000;

    /** {@code text} as it is when it has at most {@code maxChars} characters, else its start and its length. */
    public static String cut(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, maxChars) + "... (" + text.length() + " characters)";
    }

    public String toJson(int maxRawBytes) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("pipeline", pipeline);
        json.put("reason", reason);
        json.put("error", error == null ? null : cut(error, MAX_ERROR_CHARS));
        json.put("topic", topic);
        json.put("partition", partition);
        json.put("offset", offset);
        putBytes(json, "key", key, maxRawBytes);
        putBytes(json, "value", value, maxRawBytes);
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

    private static void putBytes(ObjectNode json, String field, byte[] bytes, int maxBytes) {
        if (bytes == null) {
            json.putNull(field);
            json.putNull(field + "_encoding");
            return;
        }
        String text = utf8(bytes);
        boolean cut = bytes.length > maxBytes;
        if (text != null) {
            json.put(field, cut ? utf8Prefix(text, maxBytes) : text);
        } else {
            json.put(field, Base64.getEncoder().encodeToString(cut ? java.util.Arrays.copyOf(bytes, maxBytes) : bytes));
        }
        json.put(field + "_encoding", text != null ? "text" : "base64");
        json.put(field + "_bytes", bytes.length);
        json.put(field + "_sha256", sha256(bytes));
        json.put(field + "_truncated", cut);
    }

    /** The longest prefix of text whose UTF-8 form has at most maxBytes bytes. */
    static String utf8Prefix(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash a dead letter: no SHA-256 in this JVM", e);
        }
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
