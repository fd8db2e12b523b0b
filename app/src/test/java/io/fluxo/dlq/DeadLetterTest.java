package io.fluxo.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode letter(byte[] value, String error, int cap) throws Exception {
        DeadLetter l = new DeadLetter("receivables", "PAYLOAD_TOO_LARGE", error, "recebiveis-agendados", 2, 41L,
                "r1".getBytes(StandardCharsets.UTF_8), value, 1_764_583_200_000L, 1_764_583_201_000L);
        return MAPPER.readTree(l.toJson(cap));
    }

    @Test
    void aSmallValueIsKeptWholeWithItsLengthAndHash() throws Exception {
        JsonNode j = letter("abc".getBytes(StandardCharsets.UTF_8), "too big", 256);
        assertThat(j.get("value").asText()).isEqualTo("abc");
        assertThat(j.get("value_encoding").asText()).isEqualTo("text");
        assertThat(j.get("value_bytes").asInt()).isEqualTo(3);
        // SHA-256("abc"), the FIPS 180-2 test vector.
        assertThat(j.get("value_sha256").asText())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(j.get("value_truncated").asBoolean()).isFalse();
        assertThat(j.get("key").asText()).isEqualTo("r1");
        assertThat(j.get("offset").asLong()).isEqualTo(41);
    }

    @Test
    void aLongTextValueIsCutAtACharacterBoundaryAndDescribedAsReceived() throws Exception {
        // 200 x "é" = 400 UTF-8 bytes; a cap of 257 bytes holds 128 of them (256 bytes), never half of one.
        JsonNode j = letter("é".repeat(200).getBytes(StandardCharsets.UTF_8), "x", 257);
        assertThat(j.get("value").asText()).isEqualTo("é".repeat(128));
        assertThat(j.get("value_bytes").asInt()).isEqualTo(400);
        assertThat(j.get("value_sha256").asText())
                .isEqualTo("df20b2aa6262e99e133aa7f3614be707d35c4155d17e2aa7cbb49da555a454c3");
        assertThat(j.get("value_truncated").asBoolean()).isTrue();
    }

    @Test
    void aLongBinaryValueIsCutToTheCapBeforeBase64() throws Exception {
        byte[] value = new byte[512];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i % 256);
        }
        JsonNode j = letter(value, "x", 256);
        assertThat(j.get("value_encoding").asText()).isEqualTo("base64");
        byte[] head = Base64.getDecoder().decode(j.get("value").asText());
        assertThat(head).hasSize(256).startsWith((byte) 0, (byte) 1, (byte) 2).endsWith((byte) 255);
        assertThat(j.get("value_bytes").asInt()).isEqualTo(512);
        assertThat(j.get("value_sha256").asText())
                .isEqualTo("110009dcee21620b166f3abfecb5eff7a873be729d1c2d53822e7acc5f34eb9b");
    }

    @Test
    void aHugeErrorTextIsCapped() throws Exception {
        JsonNode j = letter("v".getBytes(StandardCharsets.UTF_8), "e".repeat(5_000), 256);
        assertThat(j.get("error").asText()).hasSize(DeadLetter.MAX_ERROR_CHARS + " ... (5000 characters)".length() - 1)
                .startsWith("eeee").endsWith("... (5000 characters)");
    }

    @Test
    void noValueIsNullEverywhere() throws Exception {
        JsonNode j = letter(null, "EMPTY", 256);
        assertThat(j.get("value").isNull()).isTrue();
        assertThat(j.get("value_encoding").isNull()).isTrue();
        assertThat(j.has("value_sha256")).isFalse();
    }
}
