package io.fluxo.pipeline.transactions;

import io.fluxo.banking.BankTransactionAvro;
import io.fluxo.banking.PayloadFormat;
import io.fluxo.banking.Transaction;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** Encodes transactions as bank_transactions values: JSON, or Avro in the Confluent wire format. */
public final class TransactionPayloads {
    /** The schema id the generator writes: there is no registry, the pipeline reads the same schema file. */
    public static final int SCHEMA_ID = 1;
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private final PayloadFormat format;
    private final Schema schema;

    /** @param schema the Avro schema; ignored for JSON */
    public TransactionPayloads(PayloadFormat format, Schema schema) {
        this.format = requireNonNull(format, "format");
        this.schema = format == PayloadFormat.AVRO ? requireNonNull(schema, "schema") : null;
    }

    public byte[] encode(Transaction t) {
        return format == PayloadFormat.JSON ? json(t) : BankTransactionAvro.encode(schema, SCHEMA_ID, t);
    }

    /**
     * {@code {"id_transacao":"…","id_usuario_pagador":"u000001","id_usuario_recebedor":"u000002","id_regiao":"SP",
     * "modalidade_pagamento":"Boleto","data_horario":1767596400000,"valor_transacao":123.40}}
     */
    public static byte[] json(Transaction t) {
        requireNonNull(t, "t");
        ByteArrayOutputStream out = new ByteArrayOutputStream(220);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id_transacao", t.idTransacao());
            g.writeStringField("id_usuario_pagador", t.idUsuarioPagador());
            g.writeStringField("id_usuario_recebedor", t.idUsuarioRecebedor());
            g.writeStringField("id_regiao", t.idRegiao());
            g.writeStringField("modalidade_pagamento", t.modalidadePagamento().label());
            g.writeNumberField("data_horario", t.dataHorario());
            g.writeNumberField("valor_transacao", t.valorTransacao());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
