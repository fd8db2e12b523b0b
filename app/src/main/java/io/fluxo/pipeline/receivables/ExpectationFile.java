package io.fluxo.pipeline.receivables;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fluxo.config.UserException;
import io.fluxo.generator.JsonLines;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The expectation as JSON lines, one object per receivable:
 * <pre>{"id_recebivel":"…","valor_original":1234.56,"quantidade_eventos":3,"quantidade_cancelamentos":1,
 * "quantidade_negociacoes":1,"valor_total_cancelado":100.00,"valor_total_negociado":34.56,
 * "valor_disponivel":1100.00,"situacao":"PARCIAL","eventos":["agendado#…","cancelado#…","negociado#…"]}</pre>
 * Amounts are JSON numbers with two decimals; valor_original and valor_disponivel are null for a
 * receivable without a scheduling event.
 */
public final class ExpectationFile {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private ExpectationFile() {
    }

    /** Writes (replacing) {@code file}, creating its parent directories. */
    public static void write(Path file, Collection<ReceivableExpectation> expectations) {
        JsonLines.write(file, expectations, ExpectationFile::toJsonLine);
    }

    /**
     * Fails now rather than after a long run when {@code file} could not be written: creates its parent
     * directories and checks they are writable.
     */
    public static void checkWritable(Path file) {
        JsonLines.checkWritable(file);
    }

    /**
     * Reads a file {@link #write} wrote.
     *
     * @throws UserException naming the file and line when it is missing or malformed
     */
    public static List<ReceivableExpectation> read(Path file) {
        return JsonLines.read(file, ExpectationFile::fromJsonLine, "fluxo produce ... --expect FILE");
    }

    public static String toJsonLine(ReceivableExpectation e) {
        requireNonNull(e, "e");
        StringWriter text = new StringWriter(256);
        try (JsonGenerator g = JSON.getFactory().createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("id_recebivel", e.idRecebivel());
            writeAmount(g, "valor_original", e.valorOriginal());
            g.writeNumberField("quantidade_eventos", e.quantidadeEventos());
            g.writeNumberField("quantidade_cancelamentos", e.quantidadeCancelamentos());
            g.writeNumberField("quantidade_negociacoes", e.quantidadeNegociacoes());
            writeAmount(g, "valor_total_cancelado", e.valorTotalCancelado());
            writeAmount(g, "valor_total_negociado", e.valorTotalNegociado());
            writeAmount(g, "valor_disponivel", e.valorDisponivel());
            g.writeStringField("situacao", e.situacao().name());
            g.writeArrayFieldStart("eventos");
            for (String evento : e.eventos()) {
                g.writeString(evento);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return text.toString();
    }

    /** @throws IllegalArgumentException saying what is wrong with the line */
    public static ReceivableExpectation fromJsonLine(String line) {
        JsonNode node = JsonLines.object(JSON, line);
        JsonNode eventos = node.get("eventos");
        if (eventos == null || !eventos.isArray()) {
            throw new IllegalArgumentException("missing eventos (is this a receivables expectation?)");
        }
        List<String> keys = new ArrayList<>();
        eventos.forEach(e -> keys.add(e.asText()));
        String situacao = text(node, "situacao");
        Situacao parsed;
        try {
            parsed = Situacao.valueOf(situacao);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid situacao: " + situacao);
        }
        try {
            return new ReceivableExpectation(text(node, "id_recebivel"), amount(node, "valor_original", true),
                    count(node, "quantidade_eventos"), count(node, "quantidade_cancelamentos"),
                    count(node, "quantidade_negociacoes"), amount(node, "valor_total_cancelado", false),
                    amount(node, "valor_total_negociado", false), amount(node, "valor_disponivel", true), parsed, keys);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount with more than 2 decimals in " + line);
        }
    }

    private static void writeAmount(JsonGenerator g, String field, BigDecimal amount) throws IOException {
        if (amount == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, amount);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing " + field + (field.equals("id_recebivel")
                    ? " (is this a receivables expectation?)" : ""));
        }
        return value.asText();
    }

    private static int count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
            throw new IllegalArgumentException("invalid " + field + ": " + value);
        }
        return value.intValue();
    }

    private static BigDecimal amount(JsonNode node, String field, boolean nullable) {
        JsonNode value = node.get(field);
        if ((value == null || value.isNull()) && nullable) {
            return null;
        }
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("invalid " + field + ": " + value);
        }
        return value.decimalValue();
    }

    
}
