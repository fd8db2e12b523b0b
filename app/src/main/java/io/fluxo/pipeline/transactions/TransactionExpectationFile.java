package io.fluxo.pipeline.transactions;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.util.Collection;
import java.util.List;

/**
 * The transactions expectation as JSON lines, one object per transaction, in the order sent:
 * <pre>{"id_transacao":"…","aprovada":true,"motivo":null,"score_risco":0.1234}
 * {"id_transacao":"…","aprovada":false,"motivo":"SUSPEITA_FRAUDE","score_risco":0.6120}</pre>
 * motivo is SALDO_INSUFICIENTE, LIMITE_EXCEDIDO, SUSPEITA_FRAUDE or null when approved; score_risco is a
 * JSON number with exactly 4 decimal places.
 */
public final class TransactionExpectationFile {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private TransactionExpectationFile() {
    }

    /** Writes (replacing) {@code file}, creating its parent directories. */
    public static void write(Path file, Collection<TransactionExpectation> expectations) {
        JsonLines.write(file, expectations, TransactionExpectationFile::toJsonLine);
    }

    /**
     * Reads a file {@link #write} wrote.
     *
     * @throws UserException naming the file and line when it is missing or malformed
     */
    public static List<TransactionExpectation> read(Path file) {
        return JsonLines.read(file, TransactionExpectationFile::fromJsonLine,
                "fluxo produce transactions ... --expect FILE");
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
        return new TransactionExpectation(id.textValue(), aprovada.booleanValue(), motivo, scoreRisco);
    }

    
}
