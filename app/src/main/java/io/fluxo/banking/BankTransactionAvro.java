package io.fluxo.banking;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The Avro side of bank_transactions: the schema (from {@value #DEFAULT_SCHEMA_RESOURCE} in the jar or
 * from a file) and the Confluent wire format, byte 0, a 4-byte big-endian schema id, then the record in
 * Avro binary.
 *
 * <p>valor_transacao is {@code bytes} with logicalType decimal(18,2) in the default schema: exact, and
 * what Spark's DecimalType(18,2) reads. A schema file may declare it as a string of a decimal number
 * instead; both are read and written.
 */
public final class BankTransactionAvro {
    public static final String DEFAULT_SCHEMA_RESOURCE = "/transactions/bank_transaction.avsc";
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte and schema id. */
    public static final int HEADER_BYTES = 5;

    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

    private BankTransactionAvro() {
    }

    /** The text of the schema shipped in the jar. */
    public static String defaultSchemaText() {
        try (InputStream in = BankTransactionAvro.class.getResourceAsStream(DEFAULT_SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + DEFAULT_SCHEMA_RESOURCE + " (a broken jar?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Schema defaultSchema() {
        return parseSchema(defaultSchemaText(), DEFAULT_SCHEMA_RESOURCE);
    }

    /**
     * Reads a schema file.
     *
     * @throws IllegalArgumentException "Invalid Avro schema file: x.avsc (…)" when it cannot be read or
     *     parsed or is not a record
     */
    public static String readSchemaFile(Path file) {
        requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid Avro schema file: " + file + " (cannot read it: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
        parseSchema(text, file.toString());
        return text;
    }

    /**
     * Parses a schema text, which must describe a record.
     *
     * @param origin the file or resource it came from, for the message
     * @throws IllegalArgumentException "Invalid Avro schema file: origin (…)"
     */
    public static Schema parseSchema(String text, String origin) {
        requireNonNull(text, "text");
        requireNonNull(origin, "origin");
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new IllegalArgumentException("Invalid Avro schema file: " + origin + " (" + e.getMessage() + ")", e);
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("Invalid Avro schema file: " + origin + " (a record schema is needed, not "
                    + schema.getType().getName() + ")");
        }
        return schema;
    }

    /**
     * One transaction in the Confluent wire format. Fields the schema does not have are left out; fields
     * of the schema that a transaction does not have must have defaults.
     *
     * @throws IllegalArgumentException when the schema cannot carry the transaction (a field of another
     *     type, a decimal with fewer than 2 places)
     */
    public static byte[] encode(Schema schema, int schemaId, Transaction t) {
        requireNonNull(schema, "schema");
        requireNonNull(t, "t");
        GenericRecordBuilder record = new GenericRecordBuilder(schema);
        put(record, schema, "id_transacao", t.idTransacao());
        put(record, schema, "id_usuario_pagador", t.idUsuarioPagador());
        put(record, schema, "id_usuario_recebedor", t.idUsuarioRecebedor());
        put(record, schema, "id_regiao", t.idRegiao());
        put(record, schema, "modalidade_pagamento", t.modalidadePagamento().label());
        put(record, schema, "data_horario", t.dataHorario());
        put(record, schema, "valor_transacao", t.valorTransacao());
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericData.Record>(schema).write(record.build(), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot encode transaction " + t.idTransacao() + " with schema "
                    + schema.getFullName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void put(GenericRecordBuilder record, Schema schema, String name, Object value) {
        Schema.Field field = schema.getField(name);
        if (field == null) {
            return;
        }
        Schema type = nonNull(field.schema());
        Object encoded = switch (type.getType()) {
            case STRING -> value instanceof BigDecimal d ? d.toPlainString() : value.toString();
            case LONG -> value;
            case BYTES -> {
                if (!(value instanceof BigDecimal d) || !(type.getLogicalType() instanceof LogicalTypes.Decimal decimal)) {
                    throw new IllegalArgumentException("Invalid schema field " + name + ": bytes (only a decimal amount can be bytes)");
                }
                yield toBytes(d, type, decimal);
            }
            default -> throw new IllegalArgumentException("Invalid schema field " + name + ": "
                    + type.getType().getName() + " (cannot carry " + value + ")");
        };
        record.set(field, encoded);
    }

    private static ByteBuffer toBytes(BigDecimal amount, Schema type, LogicalTypes.Decimal decimal) {
        try {
            return DECIMALS.toBytes(amount.setScale(decimal.getScale()), type, decimal);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Invalid schema: decimal scale " + decimal.getScale()
                    + " cannot carry " + amount.toPlainString(), e);
        }
    }

    /** The non-null branch of a ["null", T] union, or the schema itself. */
    static Schema nonNull(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() != Schema.Type.NULL) {
                    return branch;
                }
            }
        }
        return schema;
    }

    /** Reads a decimal logical-type value (bytes or fixed) as a BigDecimal at the schema's scale. */
    static BigDecimal decimal(Object value, Schema type) {
        LogicalType logical = type.getLogicalType();
        if (!(logical instanceof LogicalTypes.Decimal decimal)) {
            return null;
        }
        if (value instanceof ByteBuffer bytes) {
            return DECIMALS.fromBytes(bytes.duplicate(), type, decimal);
        }
        if (value instanceof GenericData.Fixed fixed) {
            return DECIMALS.fromFixed(fixed, type, decimal);
        }
        return null;
    }
}
