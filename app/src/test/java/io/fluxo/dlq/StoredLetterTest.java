package io.fluxo.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A dead letter read back is the record as it was received: text and base64 decoded, cuts and nulls known. */
class StoredLetterTest {
    private static final long KAFKA_TS = 1_764_583_200_000L;
    private static final long FAILED_AT = 1_764_583_201_000L;

    private static StoredLetter roundTrip(byte[] key, byte[] value, int cap) {
        return StoredLetter.parse(new DeadLetter("receivables", "INVALID_AMOUNT", "Invalid valor_original: 0.001",
                "recebiveis-agendados", 2, 41L, key, value, KAFKA_TS, FAILED_AT).toJson(cap));
    }

    @Test
    void aTextLetterDecodesToItsUtf8BytesAndKeepsItsPlaceReasonAndTime() {
        StoredLetter l = roundTrip("r1".getBytes(StandardCharsets.UTF_8), "{\"v\":\"é\"}".getBytes(StandardCharsets.UTF_8), 256);
        assertThat(l.reason()).isEqualTo("INVALID_AMOUNT");
        assertThat(l.topic()).isEqualTo("recebiveis-agendados");
        assertThat(l.partition()).isEqualTo(2);
        assertThat(l.offset()).isEqualTo(41L);
        assertThat(new String(l.key(), StandardCharsets.UTF_8)).isEqualTo("r1");
        assertThat(l.value()).isEqualTo("{\"v\":\"é\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(l.failedAt()).isEqualTo(Instant.parse("2025-12-01T10:00:01Z"));
        assertThat(l.sourceId()).isEqualTo("recebiveis-agendados/2/41");
        assertThat(l.replayable()).isTrue();
    }

    @Test
    void aBinaryLetterDecodesFromBase64ToTheExactBytes() {
        byte[] binary = {(byte) 0xC3, (byte) 0x28, 0x00, (byte) 0xFF};
        StoredLetter l = roundTrip(null, binary, 256);
        assertThat(l.value()).isEqualTo(binary);
        assertThat(l.key()).isNull();
        assertThat(l.replayable()).isTrue();
    }

    @Test
    void theReplayIdIsThePlaceAndTheHashOfTheValueAsReceived() {
        StoredLetter l = roundTrip(null, "abc".getBytes(StandardCharsets.UTF_8), 256);
        assertThat(l.replayId()).isEqualTo(
                "recebiveis-agendados/2/41#ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aCutValueOrANullValueIsNotReplayable() {
        StoredLetter cut = roundTrip(null, "x".repeat(300).getBytes(StandardCharsets.UTF_8), 256);
        assertThat(cut.valueTruncated()).isTrue();
        assertThat(cut.value()).hasSize(256);
        assertThat(cut.replayable()).isFalse();
        StoredLetter cutKey = roundTrip("k".repeat(300).getBytes(StandardCharsets.UTF_8), new byte[] {'1'}, 256);
        assertThat(cutKey.keyTruncated()).isTrue();
        assertThat(cutKey.replayable()).isFalse();
        StoredLetter none = roundTrip(null, null, 256);
        assertThat(none.value()).isNull();
        assertThat(none.replayable()).isFalse();
        assertThat(none.replayId()).isEqualTo("recebiveis-agendados/2/41#no-value");
    }

    @Test
    void whatIsNoDeadLetterIsRefusedWithWhy() {
        assertThatThrownBy(() -> StoredLetter.parse("nope")).hasMessage("Invalid dead letter: not JSON");
        assertThatThrownBy(() -> StoredLetter.parse("[1]")).hasMessage("Invalid dead letter: not a JSON object");
        assertThatThrownBy(() -> StoredLetter.parse("{\"reason\":\"X\",\"topic\":\"t\",\"partition\":0,\"offset\":1,"
                + "\"failed_at\":\"yesterday\"}")).hasMessage("Invalid dead letter: failed_at \"yesterday\" (must be an ISO-8601 instant)");
        assertThatThrownBy(() -> StoredLetter.parse("{\"reason\":\"X\",\"topic\":\"t\",\"partition\":0,\"offset\":1,"
                + "\"failed_at\":\"2026-01-01T00:00:00Z\",\"value\":\"%%\",\"value_encoding\":\"base64\"}"))
                .hasMessage("Invalid dead letter: value is not base64");
        assertThatThrownBy(() -> StoredLetter.parse("{\"reason\":\"X\",\"topic\":\"t\",\"offset\":1,"
                + "\"failed_at\":\"2026-01-01T00:00:00Z\"}")).hasMessage("Invalid dead letter: partition missing or not an integer");
    }
}
