package io.fluxo.pipeline.transactions;

import io.fluxo.banking.RejectReason;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxo.config.UserException;
import io.fluxo.generator.JsonLines;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;

/**
 * The transactions expectation as JSON lines, one object per transaction, in the order sent, then one line of
 * what else was sent:
 * <pre>{"id_transacao":"…","aprovada":true,"motivo":null,"score_risco":0.1234,"id_regiao":"SP","modalidade_pagamento":"PIX","data_horario":1767596400000,"valor_transacao":12.30}
 * {"id_transacao":"…","aprovada":false,"motivo":"SUSPEITA_FRAUDE","score_risco":0.6120,…}
 * {"sent":{"records":1003,"transactions":1000,"duplicates":2,"invalid":{"NOT_JSON":1}}}</pre>
 * motivo is SALDO_INSUFICIENTE, LIMITE_EXCEDIDO, SUSPEITA_FRAUDE or null when approved; score_risco is a
 * JSON number with exactly 4 decimal places; the sent fields (which the medallion expectation aggregates) and
 * the "sent" line are absent from files of earlier versions: then the transactions are all that was sent.
 */
public final class TransactionExpectationFile {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private TransactionExpectationFile() {
    }

    /** What a file holds: the verdicts in the order sent, and the counts of everything sent. */
    public record Contents(List<TransactionExpectation> transactions, SentRecords sent) {
        public Contents {
            transactions = List.copyOf(transactions);
            requireNonNull(sent, "sent");
        }
    }

    /** Writes (replacing) {@code file}, creating its parent directories: transactions only, each sent once. */
    public static void write(Path file, Collection<TransactionExpectation> expectations) {
        write(file, expectations, SentRecords.clean(expectations.size()));
    }

    /** Writes (replacing) {@code file}, creating its parent directories. */
    public static void write(Path file, Collection<TransactionExpectation> expectations, SentRecords sent) {
        if (sent.transactions() != expectations.size()) {
            throw new IllegalArgumentException("Cannot write " + expectations.size() + " verdicts with counts of "
                    + sent.transactions() + " transactions");
        }
        List<String> lines = new ArrayList<>(expectations.size() + 1);
        expectations.forEach(e -> lines.add(toJsonLine(e)));
        lines.add(toJsonLine(sent));
        JsonLines.write(file, lines, line -> line);
    }

    /** The verdicts of a file {@link #write} wrote. */
    public static List<TransactionExpectation> read(Path file) {
        return readAll(file).transactions();
    }

    /**
     * Reads a file {@link #write} wrote.
     *
     * @throws UserException naming the file and line when it is missing or malformed
     */
    public static Contents readAll(Path file) {
        List<Object> lines = JsonLines.read(file, TransactionExpectationFile::fromAnyLine,
                "fluxo produce transactions ... --expect FILE");
        List<TransactionExpectation> transactions = new ArrayList<>(lines.size());
        SentRecords sent = null;
        for (Object line : lines) {
            if (sent != null) {
                throw new UserException("Cannot read expectation " + file + ": lines after its \"sent\" line");
            }
            if (line instanceof SentRecords s) {
                sent = s;
            } else {
                transactions.add((TransactionExpectation) line);
            }
        }
        if (sent == null) {
            sent = SentRecords.clean(transactions.size());
        } else if (sent.transactions() != transactions.size()) {
            throw new UserException("Cannot read expectation " + file + ": it holds " + transactions.size()
                    + " transactions, its \"sent\" line says " + sent.transactions());
        }
        return new Contents(transactions, sent);
    }

    private static Object fromAnyLine(String line) {
        return line.startsWith("{\"sent\"") ? sentFromJsonLine(line) : fromJsonLine(line);
    }

    static String toJsonLine(SentRecords sent) {
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
    static SentRecords sentFromJsonLine(String line) {
        JsonNode s;
        try {
            s = JSON.readTree(line).path("sent");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
        }
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

    public static String toJsonLine(TransactionExpectation e) {
        requireNonNull(e, "e");
        StringWriter text = new StringWriter(128);
        try (JsonGenerator g = JSON.getFactory().createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("id_transacao", e.idTransacao());
            g.writeBooleanField("aprovada", e.aprovada());
            if (e.motivo() == null) {
                g.writeNullField("motivo");
            } else {
                g.writeStringField("motivo", e.motivo().name());
            }
            g.writeNumberField("score_risco", e.scoreRisco());
            if (e.sent() != null) {
                g.writeStringField("id_regiao", e.sent().idRegiao());
                g.writeStringField("modalidade_pagamento", e.sent().modalidadePagamento());
                g.writeNumberField("data_horario", e.sent().dataHorario());
                g.writeNumberField("valor_transacao", e.sent().valorTransacao());
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return text.toString();
    }

    /** @throws IllegalArgumentException saying what is wrong with the line */
    public static TransactionExpectation fromJsonLine(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode id = node.get("id_transacao");
        if (id == null || !id.isTextual()) {
            throw new IllegalArgumentException("missing id_transacao (is this a transactions expectation?)");
        }
        JsonNode aprovada = node.get("aprovada");
        if (aprovada == null || !aprovada.isBoolean()) {
            throw new IllegalArgumentException("invalid aprovada: " + aprovada);
        }
        JsonNode motivoNode = node.get("motivo");
        Motivo motivo = null;
        if (motivoNode != null && !motivoNode.isNull()) {
            try {
                motivo = Motivo.valueOf(motivoNode.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid motivo: " + motivoNode);
            }
        }
        JsonNode score = node.get("score_risco");
        if (score == null || !score.isNumber()) {
            throw new IllegalArgumentException("invalid score_risco: " + score);
        }
        BigDecimal scoreRisco;
        try {
            scoreRisco = score.decimalValue().setScale(4);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("invalid score_risco: " + score + " (more than 4 decimal places)");
        }
        return new TransactionExpectation(id.textValue(), aprovada.booleanValue(), motivo, scoreRisco, sent(node));
    }

    /** The sent fields, all or none (a file of an earlier version). */
    private static TransactionExpectation.Sent sent(JsonNode node) {
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
        return new TransactionExpectation.Sent(region.textValue(), modality.textValue(), time.asLong(), valor);
    }

    
}
