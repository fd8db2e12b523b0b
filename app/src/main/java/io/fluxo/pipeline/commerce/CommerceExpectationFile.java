package io.fluxo.pipeline.commerce;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fluxo.config.UserException;
import io.fluxo.generator.JsonLines;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The commerce expectation as JSON lines: first the settings it assumes, then the catalog entry of every product and
 * user the events name (null for an unknown id), every valid event in the order sent, every invalid record in the
 * order sent, and a last line of counts:
 * <pre>{"commerce_expectation":1,"watermark_ms":10000,"session_gap_ms":300000,"anomaly_z":3,"anomaly_history":30,"anomaly_min_history":10}
 * {"product":"p00001","category":"books"}
 * {"product":"p90001234","category":null}
 * {"user":"c000007","segment":"vip"}
 * {"event_id":"ev-2a-0","user_id":"c000007","product_id":"p00001","event_type":"purchase","amount":39.80,"event_time":"2026-01-05T12:00:03.250Z"}
 * {"invalid":"NOT_JSON","value_sha256":"9f2c…"}
 * {"sent":{"records":1003,"events":1000,"invalid":{"NOT_JSON":3}}}</pre>
 * amount is a JSON number with exactly 2 decimal places, event_time an ISO-8601 instant in UTC, value_sha256 the hex
 * SHA-256 of the record's value (as the dead letter's value_sha256 has it).
 */
public final class CommerceExpectationFile {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final String HOW = "fluxo produce commerce --expect FILE";

    private CommerceExpectationFile() {
    }

    /** Writes (replacing) {@code file}, creating its parent directories. */
    public static void write(Path file, CommerceExpectation expectation) {
        JsonLines.write(file, lines(expectation), line -> line);
    }

    /** Every line of the file, in order. */
    static List<String> lines(CommerceExpectation x) {
        requireNonNull(x, "expectation");
        List<String> lines = new ArrayList<>(x.events().size() + x.invalid().size() + 16);
        CommerceExpectation.Assumptions a = x.assumptions();
        lines.add(object(g -> {
            g.writeNumberField("commerce_expectation", VERSION);
            g.writeNumberField("watermark_ms", a.watermarkMillis());
            g.writeNumberField("session_gap_ms", a.sessionGapMillis());
            g.writeNumberField("anomaly_z", a.z());
            g.writeNumberField("anomaly_history", a.history());
            g.writeNumberField("anomaly_min_history", a.minHistory());
        }));
        Set<String> products = new TreeSet<>();
        Set<String> users = new TreeSet<>();
        x.events().forEach(e -> {
            products.add(e.productId());
            users.add(e.userId());
        });
        for (String p : products) {
            lines.add(object(g -> {
                g.writeStringField("product", p);
                g.writeStringField("category", x.category(p));
            }));
        }
        for (String u : users) {
            lines.add(object(g -> {
                g.writeStringField("user", u);
                g.writeStringField("segment", x.segment(u));
            }));
        }
        for (CommerceExpectation.Event e : x.events()) {
            lines.add(object(g -> {
                g.writeStringField("event_id", e.eventId());
                g.writeStringField("user_id", e.userId());
                g.writeStringField("product_id", e.productId());
                g.writeStringField("event_type", e.type().wire());
                g.writeNumberField("amount", e.amount());
                g.writeStringField("event_time", Instant.ofEpochMilli(e.eventTimeMillis()).toString());
            }));
        }
        for (CommerceExpectation.InvalidRecord r : x.invalid()) {
            lines.add(object(g -> {
                g.writeStringField("invalid", r.reason().name());
                g.writeStringField("value_sha256", r.valueSha256());
            }));
        }
        lines.add(object(g -> {
            g.writeObjectFieldStart("sent");
            g.writeNumberField("records", x.events().size() + x.invalid().size());
            g.writeNumberField("events", x.events().size());
            g.writeObjectFieldStart("invalid");
            for (Map.Entry<CommerceReason, Long> c : x.invalidCounts().entrySet()) {
                g.writeNumberField(c.getKey().name(), c.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }));
        return lines;
    }

    /**
     * Reads a file {@link #write} wrote.
     *
     * @throws UserException naming the file and line when it is missing or malformed
     */
    public static CommerceExpectation read(Path file) {
        List<JsonNode> nodes = JsonLines.read(file, line -> JsonLines.object(JSON, line), HOW);
        try {
            return fromNodes(nodes);
        } catch (IllegalArgumentException e) {
            throw new UserException("Cannot read expectation " + file + ": " + e.getMessage());
        }
    }

    /** From the lines' objects; a JSON line in error is named by its number. */
    static CommerceExpectation fromNodes(List<JsonNode> nodes) {
        if (nodes.isEmpty() || !nodes.get(0).has("commerce_expectation")) {
            throw new IllegalArgumentException("line 1: not a commerce expectation (no commerce_expectation header)");
        }
        CommerceExpectation.Assumptions assumptions = null;
        Map<String, String> categories = new TreeMap<>();
        Map<String, String> segments = new TreeMap<>();
        List<CommerceExpectation.Event> events = new ArrayList<>();
        List<CommerceExpectation.InvalidRecord> invalid = new ArrayList<>();
        JsonNode sent = null;
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            try {
                if (sent != null) {
                    throw new IllegalArgumentException("a line after the \"sent\" line");
                }
                if (n.has("commerce_expectation")) {
                    if (i > 0) {
                        throw new IllegalArgumentException("a second header");
                    }
                    assumptions = assumptions(n);
                } else if (n.has("event_id")) {
                    events.add(event(n));
                } else if (n.has("product")) {
                    String category = nullableText(n, "category");
                    if (category != null) {
                        categories.put(text(n, "product"), category);
                    }
                } else if (n.has("user")) {
                    String segment = nullableText(n, "segment");
                    if (segment != null) {
                        segments.put(text(n, "user"), segment);
                    }
                } else if (n.has("invalid")) {
                    invalid.add(new CommerceExpectation.InvalidRecord(reason(text(n, "invalid")),
                            text(n, "value_sha256")));
                } else if (n.has("sent")) {
                    sent = n.get("sent");
                } else {
                    throw new IllegalArgumentException("unknown line " + n);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (sent == null) {
            throw new IllegalArgumentException("no \"sent\" line at the end (was the file cut short?)");
        }
        CommerceExpectation x = new CommerceExpectation(assumptions, events, categories, segments, invalid);
        checkCounts(sent, x);
        return x;
    }

    private static void checkCounts(JsonNode sent, CommerceExpectation x) {
        long records = sent.path("records").asLong(-1);
        long eventCount = sent.path("events").asLong(-1);
        if (records != x.events().size() + x.invalid().size() || eventCount != x.events().size()) {
            throw new IllegalArgumentException("the \"sent\" line counts " + records + " records and " + eventCount
                    + " events, the file holds " + (x.events().size() + x.invalid().size()) + " and "
                    + x.events().size());
        }
        Map<CommerceReason, Long> counted = new EnumMap<>(CommerceReason.class);
        Iterator<Map.Entry<String, JsonNode>> fields = sent.path("invalid").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            counted.put(reason(f.getKey()), f.getValue().asLong());
        }
        if (!counted.equals(x.invalidCounts())) {
            throw new IllegalArgumentException("the \"sent\" line counts invalid records " + counted
                    + ", the file holds " + x.invalidCounts());
        }
    }

    private static CommerceExpectation.Assumptions assumptions(JsonNode n) {
        if (n.path("commerce_expectation").asInt() != VERSION) {
            throw new IllegalArgumentException("unknown version " + n.get("commerce_expectation") + " (this fluxo reads "
                    + VERSION + ")");
        }
        return new CommerceExpectation.Assumptions(number(n, "watermark_ms").longValueExact(),
                number(n, "session_gap_ms").longValueExact(), number(n, "anomaly_z"),
                number(n, "anomaly_history").intValueExact(), number(n, "anomaly_min_history").intValueExact());
    }

    private static CommerceExpectation.Event event(JsonNode n) {
        String typeText = text(n, "event_type");
        EventType type = EventType.parse(typeText)
                .orElseThrow(() -> new IllegalArgumentException("invalid event_type: " + typeText));
        BigDecimal amount = number(n, "amount");
        if (amount.scale() > 2) {
            throw new IllegalArgumentException("invalid amount: " + amount + " (more than 2 decimal places)");
        }
        long time;
        try {
            time = Instant.parse(text(n, "event_time")).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid event_time: " + n.get("event_time"));
        }
        return new CommerceExpectation.Event(text(n, "event_id"), text(n, "user_id"), text(n, "product_id"), type,
                amount.setScale(2), time);
    }

    private static CommerceReason reason(String name) {
        try {
            return CommerceReason.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown reason " + name);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing or invalid " + field + ": " + v);
        }
        return v.textValue();
    }

    private static String nullableText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : text(n, field);
    }

    private static BigDecimal number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("missing or invalid " + field + ": " + v);
        }
        return v.decimalValue();
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static String object(Fields fields) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
