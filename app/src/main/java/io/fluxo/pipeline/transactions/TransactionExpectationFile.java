package io.fluxo.pipeline.transactions;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.banking.SentFile;
import io.fluxo.banking.SentRecords;
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
 * The transactions expectation as JSON lines, one object per transaction, in the order sent, then one line of
 * what else was sent:
 * <pre>{"id_transacao":"…","aprovada":true,"motivo":null,"score_risco":0.1234,"id_regiao":"SP","modalidade_pagamento":"PIX","data_horario":1767596400000,"valor_transacao":12.30}
 * {"id_transacao":"…","aprovada":false,"motivo":"SUSPEITA_FRAUDE","score_risco":0.6120,…}
 * {"sent":{"records":1003,"transactions":1000,"duplicates":2,"invalid":{"NOT_JSON":1}}}</pre>
 * motivo is SALDO_INSUFICIENTE, LIMITE_EXCEDIDO, SUSPEITA_FRAUDE or null when approved; score_risco is a
 * JSON number with exactly 4 decimal places; the sent fields and the "sent" line ({@link SentFile}, which the medallion
 * reads) are absent from files of earlier versions: then the transactions are all that was sent.
 */
public final class TransactionExpectationFile {
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
        lines.add(SentFile.toJsonLine(sent));
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
        SentFile.Lines<TransactionExpectation> lines = SentFile.read(file, TransactionExpectationFile::fromJsonLine);
        return new Contents(lines.transactions(), lines.sent());
    }

    public static String toJsonLine(TransactionExpectation e) {
        requireNonNull(e, "e");
        StringWriter text = new StringWriter(128);
        try (JsonGenerator g = SentFile.JSON.getFactory().createGenerator(text)) {
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
                SentFile.writeFields(g, e.sent());
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return text.toString();
    }

    /** @throws IllegalArgumentException saying what is wrong with the line */
    public static TransactionExpectation fromJsonLine(String line) {
        JsonNode node = JsonLines.object(SentFile.JSON, line);
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
        return new TransactionExpectation(id.textValue(), aprovada.booleanValue(), motivo, scoreRisco,
                SentFile.fields(id.textValue(), node));
    }
}
