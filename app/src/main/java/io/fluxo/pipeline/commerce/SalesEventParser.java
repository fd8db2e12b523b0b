package io.fluxo.pipeline.commerce;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxo.amount.Amounts;
import io.fluxo.amount.SubCentPolicy;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Parses and validates one record of {@code sales_events} (DESIGN §1.4): a JSON object with {@code event_id},
 * {@code user_id}, {@code product_id}, {@code event_type} ({@code page_view}, {@code add_to_cart}, {@code purchase},
 * any case), {@code amount} (a number, 0.00 and more, more than 0.00 for a purchase; 0.00 when a view or a cart
 * event leaves it out or sends null) and {@code timestamp} (an ISO-8601 date-time with its offset, years 1 to
 * 9999). Unknown extra fields are ignored; a field sent twice is NOT_JSON. The first problem found is reported,
 * in this order: size, JSON, then the fields in payload order. Amounts follow {@link Amounts} (float noise is
 * the cent, real sub-cent digits are refused or rounded as the policy says). Thread-safe.
 */
public final class SalesEventParser implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);
    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in epoch milliseconds. */
    static final long MIN_MILLIS = -62_135_596_800_000L;
    static final long MAX_MILLIS = 253_402_300_799_999L;

    private final int maxPayloadBytes;
    private final int maxIdBytes;
    private final SubCentPolicy subCent;

    public SalesEventParser(int maxPayloadBytes, int maxIdBytes, SubCentPolicy subCent) {
        if (maxPayloadBytes < 1 || maxIdBytes < 1) {
            throw new IllegalArgumentException("Invalid limits: " + maxPayloadBytes + " payload bytes, " + maxIdBytes
                    + " id bytes (each must be at least 1)");
        }
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxIdBytes = maxIdBytes;
        this.subCent = Objects.requireNonNull(subCent, "subCent");
    }

    /** Either a valid event or why the record is refused. */
    public sealed interface Result {
    }

    public record Valid(SalesEvent event) implements Result {
    }

    public record Rejected(CommerceReason reason, String error) implements Result {
    }

    public Result parse(String topic, int partition, long offset, byte[] value) {
        if (value == null || value.length == 0) {
            return new Rejected(CommerceReason.EMPTY_PAYLOAD, "Empty payload");
        }
        if (value.length > maxPayloadBytes) {
            return new Rejected(CommerceReason.PAYLOAD_TOO_LARGE,
                    "Payload of " + value.length + " bytes is over the limit of " + maxPayloadBytes + " bytes");
        }
        try {
            JsonNode root = json(value);
            String eventId = id(root, "event_id");
            String userId = id(root, "user_id");
            String productId = id(root, "product_id");
            String typeText = text(root, "event_type");
            EventType type = EventType.parse(typeText).orElseThrow(() -> new Invalid(CommerceReason.UNKNOWN_EVENT_TYPE,
                    "Invalid event_type: " + typeText + " (must be page_view, add_to_cart or purchase)"));
            BigDecimal amount = amount(root, type);
            long millis = timestamp(root);
            return new Valid(new SalesEvent(eventId, userId, productId, type, amount, millis, topic, partition, offset));
        } catch (Invalid e) {
            return new Rejected(e.reason, e.getMessage());
        }
    }

    private static JsonNode json(byte[] value) {
        JsonNode root;
        try {
            root = MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new Invalid(CommerceReason.NOT_JSON, "Not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Invalid(CommerceReason.NOT_JSON, "Not JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new Invalid(CommerceReason.NOT_JSON, "Not JSON: no value");
        }
        if (!root.isObject()) {
            throw new Invalid(CommerceReason.NOT_AN_OBJECT, "Payload is a JSON " + root.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT) + ", not an object");
        }
        return root;
    }

    private static JsonNode field(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            throw new Invalid(CommerceReason.MISSING_FIELD, "Missing field " + name);
        }
        return node;
    }

    private static String text(JsonNode root, String name) {
        JsonNode node = field(root, name);
        if (!node.isTextual()) {
            throw new Invalid(CommerceReason.WRONG_TYPE, "Invalid " + name + ": " + node + " (must be a string)");
        }
        String text = node.textValue();
        if (text.isBlank()) {
            throw new Invalid(CommerceReason.MISSING_FIELD, "Missing field " + name + " (blank)");
        }
        int nul = text.indexOf('\u0000');
        if (nul >= 0) {
            throw new Invalid(CommerceReason.INVALID_TEXT, "Invalid " + name + ": a NUL character (\\u0000) at index "
                    + nul + " (PostgreSQL text cannot store it)");
        }
        return text;
    }

    private String id(JsonNode root, String name) {
        String text = text(root, name);
        int bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > maxIdBytes) {
            throw new Invalid(CommerceReason.ID_TOO_LONG, "Invalid " + name + ": " + bytes
                    + " bytes in UTF-8 (at most " + maxIdBytes + ", fluxo.commerce.max-id-bytes)");
        }
        return text;
    }

    private BigDecimal amount(JsonNode root, EventType type) {
        JsonNode node = root.get("amount");
        if (node == null || node.isNull()) {
            if (type == EventType.PURCHASE) {
                throw new Invalid(CommerceReason.PURCHASE_WITHOUT_AMOUNT, "Missing field amount (a purchase needs one)");
            }
            return ZERO;
        }
        if (!node.isNumber()) {
            throw new Invalid(CommerceReason.WRONG_TYPE, "Invalid amount: " + node + " (must be a number)");
        }
        BigDecimal sent = node.decimalValue();
        if (sent.signum() < 0) {
            throw new Invalid(CommerceReason.NEGATIVE_AMOUNT, "Invalid amount: " + sent.toPlainString()
                    + " (must not be negative)");
        }
        BigDecimal cents;
        try {
            cents = Amounts.parse("amount", sent, Amounts.Sign.NOT_NEGATIVE, subCent).value();
        } catch (Amounts.InvalidAmount e) {
            throw new Invalid(CommerceReason.INVALID_AMOUNT, e.getMessage());
        }
        if (type == EventType.PURCHASE && cents.signum() == 0) {
            throw new Invalid(CommerceReason.PURCHASE_WITHOUT_AMOUNT, "Invalid amount: " + sent.toPlainString()
                    + " (a purchase must be more than 0.00)");
        }
        return cents;
    }

    private static long timestamp(JsonNode root) {
        JsonNode node = field(root, "timestamp");
        if (!node.isTextual()) {
            throw new Invalid(CommerceReason.BAD_TIMESTAMP, "Invalid timestamp: " + node
                    + " (must be an ISO-8601 date-time such as 2026-01-05T11:13:00Z)");
        }
        long millis;
        try {
            millis = OffsetDateTime.parse(node.textValue()).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new Invalid(CommerceReason.BAD_TIMESTAMP, "Invalid timestamp: " + node.textValue()
                    + " (must be an ISO-8601 date-time with its offset, such as 2026-01-05T11:13:00Z)");
        }
        if (millis < MIN_MILLIS || millis > MAX_MILLIS) {
            throw new Invalid(CommerceReason.BAD_TIMESTAMP, "Invalid timestamp: " + node.textValue()
                    + " (must be in years 1 to 9999)");
        }
        return millis;
    }

    /** The first problem of a record; no stack trace, it is a verdict, not a bug. */
    private static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final CommerceReason reason;

        Invalid(CommerceReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
