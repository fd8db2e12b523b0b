package io.fluxo.pipeline.receivables;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxo.sink.dynamodb.DynamoDbItemSink;
import io.fluxo.amount.Amount;
import io.fluxo.amount.Amounts;
import io.fluxo.amount.SubCentPolicy;
import io.fluxo.pipeline.receivables.ParseResult.Rejected;
import io.fluxo.pipeline.receivables.ParseResult.Valid;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Parses and validates one Kafka record of the three receivable topics (DESIGN §1.1). Unknown extra
 * fields are ignored; tipo_evento must agree with the topic, case-insensitively. Amounts follow
 * {@link Amounts}: read from the number's decimal text, float noise taken as the cent, real sub-cent
 * digits rejected or rounded as the policy says.
 */
public final class ReceivableParser implements Serializable {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The longest id, in UTF-8 bytes: OpenSearch's _id limit, below DynamoDB's key limits. */
    static final int MAX_ID_BYTES = 512;

    private final Map<String, EventType> typeByTopic;
    private final int maxPayloadBytes;
    private final SubCentPolicy subCent;
    private final int maxItemBytes;

    /**
     * What a history item holds beyond the payload's own values, at most: the sort key (type and an id of at most
     * 512 bytes), the topic name (at most 249), partition and offset, and every attribute name.
     */
    static final int ITEM_OVERHEAD_BYTES = 2048;

    /** @param maxItemBytes the largest DynamoDB history item, attribute names included; 0: not checked */
    public ReceivableParser(Map<String, EventType> typeByTopic, int maxPayloadBytes, int maxItemBytes, SubCentPolicy subCent) {
        this.typeByTopic = Map.copyOf(typeByTopic);
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxItemBytes = maxItemBytes;
        this.subCent = requireNonNull(subCent, "subCent");
    }

    public ParseResult parse(String topic, int partition, long offset, byte[] value) {
        EventType topicType = typeByTopic.get(topic);
        if (topicType == null) {
            return new Rejected(RejectReason.UNKNOWN_TOPIC, "Topic " + topic + " carries no receivable events");
        }
        if (value == null || value.length == 0) {
            return new Rejected(RejectReason.EMPTY_PAYLOAD, "Empty payload");
        }
        if (value.length > maxPayloadBytes) {
            return new Rejected(RejectReason.PAYLOAD_TOO_LARGE,
                    "Payload of " + value.length + " bytes is over the limit of " + maxPayloadBytes + " bytes");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            return new Rejected(RejectReason.NOT_JSON, "Not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Rejected(RejectReason.NOT_JSON, "Not JSON: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            return new Rejected(RejectReason.NOT_AN_OBJECT,
                    "Payload is a JSON " + (json == null ? "nothing" : json.getNodeType().name().toLowerCase()) + ", not an object");
        }
        ReceivableEvent event;
        try {
            event = event(json, topicType, topic, partition, offset);
        } catch (InvalidField e) {
            return new Rejected(e.reason, e.getMessage());
        }
        // The item holds the payload's values and little else: measured only when it could be over the limit.
        if (maxItemBytes > 0 && value.length + ITEM_OVERHEAD_BYTES > maxItemBytes) {
            int size = DynamoDbItemSink.itemSize(DynamoDbItemSink.attributes(HistoryItem.of(event)));
            if (size > maxItemBytes) {
                return new Rejected(RejectReason.ITEM_TOO_LARGE, "History item of " + size + " bytes is over the"
                        + " DynamoDB item limit of " + maxItemBytes + " bytes (fluxo.receivables.max-item-bytes)");
            }
        }
        return new Valid(event);
    }

    private ReceivableEvent event(JsonNode json, EventType topicType, String topic, int partition, long offset) {
        String tipo = requiredText(json, "tipo_evento");
        EventType type = EventType.fromLabel(tipo).orElseThrow(() -> new InvalidField(RejectReason.TYPE_MISMATCH,
                "Invalid tipo_evento: " + tipo + " (topic " + topic + " carries " + topicType.label() + ")"));
        if (type != topicType) {
            throw new InvalidField(RejectReason.TYPE_MISMATCH,
                    "Invalid tipo_evento: " + tipo + " (topic " + topic + " carries " + topicType.label() + ")");
        }
        String idRecebivel = id(json, "id_recebivel");
        String eventId = type == EventType.AGENDADO ? idRecebivel : id(json, type.idField());
        Amount amount = amount(json, type.amountField());
        String date = date(json, type.dateField());
        String motivo = type == EventType.CANCELADO ? optionalText(json, "motivo") : null;
        String timestamp = timestamp(json);
        return new ReceivableEvent(type, idRecebivel, eventId, amount.value(), amount.sentIfRounded(), date, motivo, optionalText(json, "id_pagamento"),
                optionalInt(json, "codigo_produto"), optionalInt(json, "codigo_produto_parceiro"),
                optionalInt(json, "modalidade"), timestamp, topic, partition, offset);
    }

    /**
     * An id that becomes a key: id_recebivel is the DynamoDB partition key (at most 2048 bytes) and the OpenSearch
     * _id (at most 512 bytes); an event id is in the sort key {@code <tipo>#<id>} (at most 1024 bytes). Bounding
     * every id at 512 UTF-8 bytes keeps all three; an empty key is refused by DynamoDB and is "blank" here.
     */
    private static String id(JsonNode json, String field) {
        String id = requiredText(json, field);
        int bytes = id.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ID_BYTES) {
            throw new InvalidField(RejectReason.ID_TOO_LONG, "Invalid " + field + ": " + bytes
                    + " bytes in UTF-8, over the limit of " + MAX_ID_BYTES + " bytes (a DynamoDB key and an OpenSearch _id)");
        }
        return id;
    }

    private static String requiredText(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidField(RejectReason.MISSING_FIELD, "Missing field " + field);
        }
        if (!node.isTextual()) {
            throw new InvalidField(RejectReason.WRONG_TYPE, "Invalid " + field + ": " + node + " (must be a string)");
        }
        if (node.textValue().isBlank()) {
            throw new InvalidField(RejectReason.MISSING_FIELD, "Missing field " + field + " (blank)");
        }
        return node.textValue();
    }

    private static String optionalText(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidField(RejectReason.WRONG_TYPE, "Invalid " + field + ": " + node + " (must be a string)");
        }
        return node.textValue();
    }

    private static Integer optionalInt(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new InvalidField(RejectReason.WRONG_TYPE, "Invalid " + field + ": " + node + " (must be an integer)");
        }
        return node.intValue();
    }

    private Amount amount(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidField(RejectReason.INVALID_AMOUNT, "Missing amount " + field);
        }
        if (!node.isNumber()) {
            throw new InvalidField(RejectReason.INVALID_AMOUNT, "Invalid " + field + ": " + node + " (must be a number)");
        }
        try {
            // Exact: USE_BIG_DECIMAL_FOR_FLOATS keeps a decimal's text as a BigDecimal, never a double.
            return Amounts.parse(field, node.decimalValue(), Amounts.Sign.NOT_NEGATIVE, subCent);
        } catch (Amounts.InvalidAmount e) {
            throw new InvalidField(RejectReason.INVALID_AMOUNT, e.getMessage());
        }
    }

    private static String date(JsonNode json, String field) {
        String text = optionalText(json, field);
        if (text == null) {
            return null;
        }
        try {
            IsoText.checkDate(text);
            return text;
        } catch (DateTimeParseException e) {
            throw new InvalidField(RejectReason.INVALID_DATE, "Invalid " + field + ": " + text + " (must be yyyy-MM-dd)");
        }
    }

    private static String timestamp(JsonNode json) {
        String text = optionalText(json, "timestamp");
        if (text == null) {
            return null;
        }
        try {
            IsoText.checkDateTime(text);
            return text;
        } catch (DateTimeParseException e) {
            throw new InvalidField(RejectReason.INVALID_DATE, "Invalid timestamp: " + text + " (must be ISO-8601)");
        }
    }

    private static final class InvalidField extends RuntimeException {
        private final RejectReason reason;

        InvalidField(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
