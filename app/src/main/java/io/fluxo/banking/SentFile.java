package io.fluxo.banking;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxo.config.UserException;
import io.fluxo.generator.JsonLines;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The part of {@code fluxo produce transactions --expect FILE} that says what was sent, which every pipeline
 * reading bank_transactions checks against: in each transaction's line its {@code id_transacao}, {@code id_regiao},
 * {@code modalidade_pagamento}, {@code data_horario} (epoch ms) and {@code valor_transacao}, and the last line
 * <pre>{"sent":{"records":1003,"transactions":1000,"duplicates":2,"invalid":{"NOT_JSON":1}}}</pre>
 * Other fields of a transaction's line (the transactions pipeline's verdict) are not read here.
 */
public final class SentFile {
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    /** How a command that needs the file tells the user to make one. */
    public static final String HOW_TO_WRITE = "fluxo produce transactions ... --expect FILE";
    private static final String SENT_LINE_START = "{\"sent\"";

    private SentFile() {
    }

    /** What a file holds: every transaction as sent, in order, and the counts of every record sent. */
    public record Contents(List<TransactionSent> transactions, SentRecords sent) {
        public Contents {
            transactions = List.copyOf(transactions);
            requireNonNull(sent, "sent");
        }
    }

    /**
     * Reads the transactions and the counts of a file the transactions generator wrote.
     *
     * @throws UserException naming the file and line when it is missing, malformed, or of an earlier version that
     *     did not hold what was sent
     */
    public static Contents read(Path file) {
        Lines<TransactionSent> lines = read(file, line -> {
            JsonNode node = JsonLines.object(JSON, line);
            JsonNode id = node.get("id_transacao");
            if (id == null || !id.isTextual()) {
                throw new IllegalArgumentException("missing id_transacao (is this a transactions expectation?)");
            }
            TransactionSent sent = fields(id.textValue(), node);
            if (sent == null) {
                throw new IllegalArgumentException("written by an earlier version without what was sent; write it again"
                        + " with " + HOW_TO_WRITE);
            }
            return sent;
        });
        return new Contents(lines.transactions(), lines.sent());
    }

    /** A file's transaction lines as a caller reads them, and its counts. */
    public record Lines<T>(List<T> transactions, SentRecords sent) {
    }

    /**
     * Reads a file whose transaction lines {@code fromLine} reads (IllegalArgumentException for a bad one) and
     * whose last line may be the "sent" line; without one, every transaction was sent once.
     */
    public static <T> Lines<T> read(Path file, Function<String, T> fromLine) {
        List<Object> lines = JsonLines.read(file, line -> isSentLine(line) ? sentFromJsonLine(line) : fromLine.apply(line),
                HOW_TO_WRITE);
        List<T> transactions = new ArrayList<>(lines.size());
        SentRecords sent = null;
        for (Object line : lines) {
            if (sent != null) {
                throw new UserException("Cannot read expectation " + file + ": lines after its \"sent\" line");
            }
            if (line instanceof SentRecords s) {
                sent = s;
            } else {
                @SuppressWarnings("unchecked")
                T t = (T) line;
                transactions.add(t);
            }
        }
        return new Lines<>(transactions, checkedCounts(file, transactions.size(), sent));
    }

    /** The counts of the "sent" line, or all transactions each once for a file of an earlier version without one. */
    private static SentRecords checkedCounts(Path file, int transactions, SentRecords sent) {
        if (sent == null) {
            return SentRecords.clean(transactions);
        }
        if (sent.transactions() != transactions) {
            throw new UserException("Cannot read expectation " + file + ": it holds " + transactions
                    + " transactions, its \"sent\" line says " + sent.transactions());
        }
        return sent;
    }

    public static boolean isSentLine(String line) {
        return line.startsWith(SENT_LINE_START);
    }

    /** Writes the sent fields after id_transacao (which the caller wrote). */
    public static void writeFields(JsonGenerator g, TransactionSent s) throws IOException {
        g.writeStringField("id_regiao", s.idRegiao());
        g.writeStringField("modalidade_pagamento", s.modalidadePagamento());
        g.writeNumberField("data_horario", s.dataHorario());
        g.writeNumberField("valor_transacao", s.valorTransacao());
    }

    /**
     * The sent fields of a transaction's line, all or none (null: a file of an earlier version).
     *
     * @throws IllegalArgumentException saying which field is wrong
     */
    public static TransactionSent fields(String idTransacao, JsonNode node) {
        JsonNode region = node.get("id_regiao");
        JsonNode modality = node.get("modalidade_pagamento");
        JsonNode time = node.get("data_horario");
        JsonNode amount = node.get("valor_transacao");
        if (region == null && modality == null && time == null && amount == null) {
            return null;
        }
        if (region == null || !region.isTextual() || modality == null || !modality.isTextual() || time == null
                || !time.canConvertToExactIntegral() || amount == null || !amount.isNumber()) {
            throw new IllegalArgumentException("invalid sent fields: id_regiao " + region + ", modalidade_pagamento "
                    + modality + ", data_horario " + time + ", valor_transacao " + amount);
        }
        BigDecimal valor;
        try {
            valor = amount.decimalValue().setScale(2);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("invalid valor_transacao: " + amount + " (more than 2 decimal places)");
        }
        return new TransactionSent(idTransacao, region.textValue(), modality.textValue(), time.asLong(), valor);
    }

    public static String toJsonLine(SentRecords sent) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode s = root.putObject("sent");
        s.put("records", sent.records());
        s.put("transactions", sent.transactions());
        s.put("duplicates", sent.duplicates());
        ObjectNode invalid = s.putObject("invalid");
        sent.invalid().forEach((reason, n) -> invalid.put(reason.name(), n));
        return root.toString();
    }

    /** @throws IllegalArgumentException saying what is wrong with the line */
    public static SentRecords sentFromJsonLine(String line) {
        JsonNode s = JsonLines.object(JSON, line).path("sent");
        Map<RejectReason, Long> invalid = new EnumMap<>(RejectReason.class);
        var fields = s.path("invalid").fields();
        while (fields.hasNext()) {
            var f = fields.next();
            RejectReason reason = Arrays.stream(RejectReason.values()).filter(r -> r.name().equals(f.getKey()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("invalid reason in \"sent\": " + f.getKey()));
            invalid.put(reason, count(f.getValue(), "invalid." + f.getKey()));
        }
        long records = count(s.get("records"), "records");
        long transactions = count(s.get("transactions"), "transactions");
        long duplicates = count(s.get("duplicates"), "duplicates");
        try {
            return new SentRecords(records, transactions, duplicates, invalid);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("counts in \"sent\" that do not add up (" + e.getMessage() + ")");
        }
    }

    private static long count(JsonNode n, String field) {
        if (n == null || !n.canConvertToExactIntegral() || n.asLong() < 0) {
            throw new IllegalArgumentException("invalid " + field + " in \"sent\": " + n);
        }
        return n.asLong();
    }
}
