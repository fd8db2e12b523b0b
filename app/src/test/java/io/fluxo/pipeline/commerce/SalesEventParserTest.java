package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.amount.SubCentPolicy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every refusal of a sales event has its reason and a message naming what was wrong. */
class SalesEventParserTest {
    private static final SalesEventParser PARSER = new SalesEventParser(512, 64, SubCentPolicy.REJECT);

    private static SalesEventParser.Result parse(String json) {
        return PARSER.parse("sales_events", 2, 41, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String event(String type, String amount, String timestamp) {
        return "{\"event_id\":\"ev-1\",\"user_id\":\"c000007\",\"product_id\":\"p0003\",\"event_type\":" + type
                + (amount == null ? "" : ",\"amount\":" + amount) + ",\"timestamp\":" + timestamp + "}";
    }

    @Test
    void aValidPurchaseIsTypedWithItsKafkaCoordinates() {
        SalesEventParser.Result r = parse(event("\"PURCHASE\"", "19.9", "\"2026-01-05T11:13:42.5-03:00\""));
        assertThat(r).isEqualTo(new SalesEventParser.Valid(new SalesEvent("ev-1", "c000007", "p0003", EventType.PURCHASE,
                new BigDecimal("19.90"), Instant.parse("2026-01-05T14:13:42.500Z").toEpochMilli(), "sales_events", 2, 41)));
    }

    @Test
    void aViewWithoutAnAmountIsZeroAndFloatNoiseIsTheCent() {
        assertThat(((SalesEventParser.Valid) parse(event("\"page_view\"", null, "\"2026-01-05T11:13:42Z\""))).event().amount())
                .isEqualTo(new BigDecimal("0.00"));
        assertThat(((SalesEventParser.Valid) parse(event("\"page_view\"", "null", "\"2026-01-05T11:13:42Z\""))).event().amount())
                .isEqualTo(new BigDecimal("0.00"));
        assertThat(((SalesEventParser.Valid) parse(event("\"purchase\"", "0.30000000000000004", "\"2026-01-05T11:13:42Z\"")))
                .event().amount()).isEqualTo(new BigDecimal("0.30"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "NOT_JSON|{\"event_id\":|Not JSON",
        "NOT_JSON|{\"event_id\":\"a\",\"event_id\":\"b\"}|Not JSON: Duplicate field 'event_id'",
        "NOT_AN_OBJECT|[1,2]|Payload is a JSON array, not an object",
        "MISSING_FIELD|{\"user_id\":\"u\"}|Missing field event_id",
        "MISSING_FIELD|{\"event_id\":\"e\",\"user_id\":\" \"}|Missing field user_id (blank)",
        "WRONG_TYPE|{\"event_id\":7}|Invalid event_id: 7 (must be a string)",
        "UNKNOWN_EVENT_TYPE|{\"event_id\":\"e\",\"user_id\":\"u\",\"product_id\":\"p\",\"event_type\":\"refund\"}"
                + "|Invalid event_type: refund (must be page_view, add_to_cart or purchase)",
        "INVALID_TEXT|{\"event_id\":\"e\\u0000\"}|Invalid event_id: a NUL character (\\u0000) at index 1",
        "ID_TOO_LONG|{\"event_id\":\"e\",\"user_id\":\"uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu\"}"
                + "|Invalid user_id: 65 bytes in UTF-8 (at most 64, fluxo.commerce.max-id-bytes)",
    })
    void aBrokenRecordIsRefusedWithItsReason(CommerceReason reason, String json, String message) {
        SalesEventParser.Result r = parse(json);
        assertThat(r).isInstanceOf(SalesEventParser.Rejected.class);
        assertThat(((SalesEventParser.Rejected) r).reason()).isEqualTo(reason);
        assertThat(((SalesEventParser.Rejected) r).error()).startsWith(message);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "NEGATIVE_AMOUNT|\"purchase\"|-1.00|\"2026-01-05T11:13:42Z\"|Invalid amount: -1.00 (must not be negative)",
        "NEGATIVE_AMOUNT|\"page_view\"|-0.01|\"2026-01-05T11:13:42Z\"|Invalid amount: -0.01 (must not be negative)",
        "PURCHASE_WITHOUT_AMOUNT|\"purchase\"||\"2026-01-05T11:13:42Z\"|Missing field amount (a purchase needs one)",
        "PURCHASE_WITHOUT_AMOUNT|\"purchase\"|0|\"2026-01-05T11:13:42Z\"|Invalid amount: 0 (a purchase must be more than 0.00)",
        "INVALID_AMOUNT|\"purchase\"|1.005|\"2026-01-05T11:13:42Z\"|Invalid amount: 1.005 (more than 2 decimal places)",
        "INVALID_AMOUNT|\"purchase\"|1e17|\"2026-01-05T11:13:42Z\"|Invalid amount: 100000000000000000 (over",
        "WRONG_TYPE|\"purchase\"|\"12.00\"|\"2026-01-05T11:13:42Z\"|Invalid amount: \"12.00\" (must be a number)",
        "BAD_TIMESTAMP|\"purchase\"|1.00|\"yesterday\"|Invalid timestamp: yesterday (must be an ISO-8601 date-time",
        "BAD_TIMESTAMP|\"purchase\"|1.00|\"2026-01-05T11:13:42\"|Invalid timestamp: 2026-01-05T11:13:42 (must be",
        "BAD_TIMESTAMP|\"purchase\"|1.00|1767611622000|Invalid timestamp: 1767611622000 (must be an ISO-8601",
        "BAD_TIMESTAMP|\"purchase\"|1.00|\"+10000-01-01T00:00:00Z\"|Invalid timestamp: +10000-01-01T00:00:00Z (must be in years 1 to 9999)",
        "MISSING_FIELD|\"purchase\"|1.00|null|Missing field timestamp",
    })
    void aBadAmountOrTimestampIsRefusedWithItsReason(CommerceReason reason, String type, String amount, String timestamp,
            String message) {
        SalesEventParser.Result r = parse(event(type, amount, timestamp));
        assertThat(r).isInstanceOf(SalesEventParser.Rejected.class);
        assertThat(((SalesEventParser.Rejected) r).reason()).isEqualTo(reason);
        assertThat(((SalesEventParser.Rejected) r).error()).startsWith(message);
    }

    @Test
    void anEmptyOrOversizedPayloadIsRefusedBeforeItIsRead() {
        assertThat(PARSER.parse("sales_events", 0, 0, new byte[0]))
                .isEqualTo(new SalesEventParser.Rejected(CommerceReason.EMPTY_PAYLOAD, "Empty payload"));
        assertThat(PARSER.parse("sales_events", 0, 0, null))
                .isEqualTo(new SalesEventParser.Rejected(CommerceReason.EMPTY_PAYLOAD, "Empty payload"));
        assertThat(PARSER.parse("sales_events", 0, 0, new byte[513])).isEqualTo(new SalesEventParser.Rejected(
                CommerceReason.PAYLOAD_TOO_LARGE, "Payload of 513 bytes is over the limit of 512 bytes"));
    }
}
