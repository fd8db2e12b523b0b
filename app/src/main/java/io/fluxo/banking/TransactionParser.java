package io.fluxo.banking;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxo.amount.Amount;
import io.fluxo.amount.Amounts;
import io.fluxo.amount.SubCentPolicy;
import io.fluxo.banking.ParseResult.Rejected;
import io.fluxo.banking.ParseResult.Valid;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Parses and validates one record of bank_transactions (DESIGN §1.2), JSON or Avro in the Confluent wire
 * format. Unknown extra fields are ignored. modalidade_pagamento and id_regiao are matched
 * case-insensitively and normalised (PIX/TED/DOC/BOLETO, SP). The first problem found is reported, in
 * this order: size, encoding, then the fields in payload order (id_transacao, id_usuario_pagador,
 * id_usuario_recebedor, id_regiao, modalidade_pagamento, data_horario, valor_transacao), then payer equal
 * to receiver. valor_transacao follows {@link Amounts} (float noise is the cent, real sub-cent digits are
 * rejected or rounded as the policy says) whatever the encoding: a JSON number's decimal text, an Avro
 * decimal at the schema's scale, or an Avro string of a decimal.
 *
 * <p>With Avro, the writer's schema is taken to be the reader's (the schema file): the wire format's
 * schema id is checked against {@code expectedSchemaId} when one is given, and a body that does not
 * decode to exactly one record of the schema is BAD_AVRO. Thread-safe.
 *
 * <p>What PostgreSQL would refuse when the row is written is refused here, with a reason of its own: a NUL
 * character in any text field (INVALID_TEXT: text cannot hold one), an id over the id cap in UTF-8 bytes
 * (ID_TOO_LONG: a btree index row holds about 2700 bytes), and a data_horario outside what timestamptz stores
 * (TIMESTAMP_OUT_OF_RANGE: 4714-11-24T00:00:00Z BC to 294276-12-31T23:59:59.999Z).
 */
public final class TransactionParser implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The default cap of an id (id_transacao, id_usuario_pagador, id_usuario_recebedor) in UTF-8 bytes. */
    public static final int DEFAULT_MAX_ID_BYTES = 1024;
    /** The first instant timestamptz stores: 4714-11-24T00:00:00Z BC (Julian day 0), in epoch milliseconds. */
    static final long MIN_EPOCH_MILLIS = -210_866_803_200_000L;
    /** The last whole millisecond timestamptz stores: 294276-12-31T23:59:59.999Z, in epoch milliseconds. */
    static final long MAX_EPOCH_MILLIS = 9_224_318_015_999_999L;

    private final PayloadFormat format;
    private final int maxPayloadBytes;
    private final String schemaText;
    private final Integer expectedSchemaId;
    private final SubCentPolicy subCent;
    private final int maxIdBytes;
    private transient volatile Schema schema;

    private TransactionParser(PayloadFormat format, int maxPayloadBytes, String schemaText, Integer expectedSchemaId,
            SubCentPolicy subCent, int maxIdBytes) {
        this.format = requireNonNull(format, "format");
        if (maxIdBytes < 1) {
            throw new IllegalArgumentException("Invalid maxIdBytes: " + maxIdBytes + " (must be at least 1)");
        }
        this.maxIdBytes = maxIdBytes;
        this.subCent = requireNonNull(subCent, "subCent");
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("Invalid maxPayloadBytes: " + maxPayloadBytes + " (must be at least 1)");
        }
        this.maxPayloadBytes = maxPayloadBytes;
        this.schemaText = schemaText;
        this.expectedSchemaId = expectedSchemaId;
        if (schemaText != null) {
            this.schema = BankTransactionAvro.parseSchema(schemaText, "schema");
        }
    }

    /**
     * The parser a pipeline's settings describe: {@code format} "json" or "avro"; for Avro the schema file, or the
     * bundled schema when {@code avroSchemaFile} is empty.
     */
    public static TransactionParser of(String format, String avroSchemaFile, int maxPayloadBytes, int maxIdBytes,
            SubCentPolicy subCent) {
        if (format.equals("avro")) {
            String schema = avroSchemaFile.isEmpty() ? BankTransactionAvro.defaultSchemaText()
                    : BankTransactionAvro.readSchemaFile(java.nio.file.Path.of(avroSchemaFile));
            return avro(maxPayloadBytes, schema, null, subCent).withMaxIdBytes(maxIdBytes);
        }
        return json(maxPayloadBytes, subCent).withMaxIdBytes(maxIdBytes);
    }

    public static TransactionParser json(int maxPayloadBytes, SubCentPolicy subCent) {
        return new TransactionParser(PayloadFormat.JSON, maxPayloadBytes, null, null, subCent, DEFAULT_MAX_ID_BYTES);
    }

    /**
     * @param schemaText the schema every record was written with (e.g. {@link BankTransactionAvro#defaultSchemaText()}
     *     or {@link BankTransactionAvro#readSchemaFile})
     * @param expectedSchemaId the only schema id accepted in the wire format; null accepts any
     */
    public static TransactionParser avro(int maxPayloadBytes, String schemaText, Integer expectedSchemaId,
            SubCentPolicy subCent) {
        requireNonNull(schemaText, "schemaText");
        return new TransactionParser(PayloadFormat.AVRO, maxPayloadBytes, schemaText, expectedSchemaId, subCent,
                DEFAULT_MAX_ID_BYTES);
    }

    /** This parser with another cap of an id in UTF-8 bytes (fluxo.transactions.max-id-bytes). */
    public TransactionParser withMaxIdBytes(int maxIdBytes) {
        return new TransactionParser(format, maxPayloadBytes, schemaText, expectedSchemaId, subCent, maxIdBytes);
    }

    public PayloadFormat format() {
        return format;
    }

    public ParseResult parse(String topic, int partition, long offset, byte[] value) {
        if (value == null || value.length == 0) {
            return new Rejected(RejectReason.EMPTY_PAYLOAD, "Empty payload");
        }
        if (value.length > maxPayloadBytes) {
            return new Rejected(RejectReason.PAYLOAD_TOO_LARGE,
                    "Payload of " + value.length + " bytes is over the limit of " + maxPayloadBytes + " bytes");
        }
        try {
            Fields fields = format == PayloadFormat.JSON ? jsonFields(value) : avroFields(value);
            return new Valid(transaction(fields, topic, partition, offset));
        } catch (Invalid e) {
            return new Rejected(e.reason, e.getMessage());
        }
    }

    private Transaction transaction(Fields f, String topic, int partition, long offset) {
        String id = id(f, "id_transacao");
        String payer = id(f, "id_usuario_pagador");
        String receiver = id(f, "id_usuario_recebedor");
        String regionText = f.text("id_regiao");
        String region = regionText.toUpperCase(Locale.ROOT);
        if (Regions.of(region).isEmpty()) {
            throw new Invalid(RejectReason.UNKNOWN_REGION, "Invalid id_regiao: " + regionText + " (not one of the 27 UFs)");
        }
        String modalityText = f.text("modalidade_pagamento");
        Modality modality = Modality.parse(modalityText).orElseThrow(() -> new Invalid(RejectReason.UNKNOWN_MODALITY,
                "Invalid modalidade_pagamento: " + modalityText + " (must be PIX, TED, DOC or Boleto)"));
        long dataHorario = f.epochMillis("data_horario");
        if (dataHorario < MIN_EPOCH_MILLIS || dataHorario > MAX_EPOCH_MILLIS) {
            throw new Invalid(RejectReason.TIMESTAMP_OUT_OF_RANGE, "Invalid data_horario: " + dataHorario
                    + " (must be epoch milliseconds from " + MIN_EPOCH_MILLIS + " to " + MAX_EPOCH_MILLIS
                    + ", what PostgreSQL timestamptz stores)");
        }
        Amount amount = amount("valor_transacao", f.amount("valor_transacao"));
        if (payer.equals(receiver)) {
            throw new Invalid(RejectReason.SAME_PAYER_AND_RECEIVER,
                    "Invalid id_usuario_recebedor: " + receiver + " (the same as id_usuario_pagador)");
        }
        return new Transaction(id, payer, receiver, region, modality, dataHorario, amount.value(), amount.sentIfRounded(),
                topic, partition, offset);
    }

    private String id(Fields f, String field) {
        String text = f.text(field);
        int bytes = utf8Length(text);
        if (bytes > maxIdBytes) {
            throw new Invalid(RejectReason.ID_TOO_LONG, "Invalid " + field + ": " + bytes
                    + " bytes in UTF-8 (at most " + maxIdBytes + ", fluxo.transactions.max-id-bytes)");
        }
        return text;
    }

    /** The length of text in UTF-8, without encoding it (an unpaired surrogate counts as the 1 byte '?' it becomes). */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private Amount amount(String field, BigDecimal sent) {
        try {
            return Amounts.parse(field, sent, Amounts.Sign.POSITIVE, subCent);
        } catch (Amounts.InvalidAmount e) {
            throw new Invalid(RejectReason.INVALID_AMOUNT, e.getMessage());
        }
    }

    /** The payload's fields, whatever the encoding; each accessor throws {@link Invalid} naming the problem. */
    private interface Fields {
        /** A non-blank string. */
        String text(String field);

        long epochMillis(String field);

        /** Any number, exactly as sent (never through a double); {@link Amounts} checks it. */
        BigDecimal amount(String field);
    }

    private static Fields jsonFields(byte[] value) {
        JsonNode json;
        try {
            json = MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new Invalid(RejectReason.NOT_JSON, "Not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Invalid(RejectReason.NOT_JSON, "Not JSON: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new Invalid(RejectReason.NOT_AN_OBJECT, "Payload is a JSON "
                    + (json == null ? "nothing" : json.getNodeType().name().toLowerCase(Locale.ROOT)) + ", not an object");
        }
        return new Fields() {
            @Override
            public String text(String field) {
                JsonNode node = present(field);
                if (!node.isTextual()) {
                    throw new Invalid(RejectReason.WRONG_TYPE, "Invalid " + field + ": " + node + " (must be a string)");
                }
                return notBlank(field, node.textValue());
            }

            @Override
            public long epochMillis(String field) {
                JsonNode node = present(field);
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw new Invalid(RejectReason.WRONG_TYPE,
                            "Invalid " + field + ": " + node + " (must be an integer of epoch milliseconds)");
                }
                return node.longValue();
            }

            @Override
            public BigDecimal amount(String field) {
                JsonNode node = present(field);
                if (!node.isNumber()) {
                    throw new Invalid(RejectReason.INVALID_AMOUNT, "Invalid " + field + ": " + node + " (must be a number)");
                }
                return node.decimalValue();
            }

            private JsonNode present(String field) {
                JsonNode node = json.get(field);
                if (node == null || node.isNull()) {
                    throw new Invalid(RejectReason.MISSING_FIELD, "Missing field " + field);
                }
                return node;
            }
        };
    }

    private Fields avroFields(byte[] value) {
        if (value.length <= BankTransactionAvro.HEADER_BYTES) {
            throw new Invalid(RejectReason.BAD_AVRO, "Not in the Confluent wire format: " + value.length
                    + " bytes (a magic byte 0, a 4-byte schema id and an Avro body are needed)");
        }
        if (value[0] != BankTransactionAvro.MAGIC_BYTE) {
            throw new Invalid(RejectReason.BAD_AVRO, String.format(Locale.ROOT,
                    "Invalid magic byte: 0x%02x (the Confluent wire format starts with 0x00)", value[0] & 0xff));
        }
        int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
        if (expectedSchemaId != null && schemaId != expectedSchemaId) {
            throw new Invalid(RejectReason.BAD_AVRO, "Invalid schema id: " + schemaId + " (expected " + expectedSchemaId + ")");
        }
        Schema readerSchema = schema();
        GenericRecord record;
        int bodyLength = value.length - BankTransactionAvro.HEADER_BYTES;
        try {
            // Garbage can claim a string of gigabytes, which Avro would allocate before noticing the body is
            // shorter: skipping first checks every length against the bytes there are, allocating nothing.
            BinaryDecoder skipper = DecoderFactory.get().binaryDecoder(value, BankTransactionAvro.HEADER_BYTES, bodyLength, null);
            GenericDatumReader.skip(readerSchema, skipper);
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, BankTransactionAvro.HEADER_BYTES, bodyLength, null);
            record = new GenericDatumReader<GenericRecord>(readerSchema).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new Invalid(RejectReason.BAD_AVRO, "Invalid Avro body: bytes left after the "
                        + readerSchema.getFullName() + " record (written with another schema?)");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Invalid invalid) {
                throw invalid;
            }
            String why = e instanceof java.io.EOFException ? "ends too early"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new Invalid(RejectReason.BAD_AVRO,
                    "Invalid Avro body: " + why + " (not a record of schema " + readerSchema.getFullName() + ")");
        }
        return new Fields() {
            @Override
            public String text(String field) {
                Object v = present(field);
                if (!(v instanceof CharSequence text)) {
                    throw new Invalid(RejectReason.WRONG_TYPE, "Invalid " + field + ": " + v + " (must be a string)");
                }
                return notBlank(field, text.toString());
            }

            @Override
            public long epochMillis(String field) {
                Object v = present(field);
                if (!(v instanceof Long || v instanceof Integer)) {
                    throw new Invalid(RejectReason.WRONG_TYPE,
                            "Invalid " + field + ": " + v + " (must be an integer of epoch milliseconds)");
                }
                return ((Number) v).longValue();
            }

            @Override
            public BigDecimal amount(String field) {
                Object v = present(field);
                BigDecimal decimal;
                try {
                    decimal = BankTransactionAvro.decimal(v,
                            BankTransactionAvro.nonNull(record.getSchema().getField(field).schema()));
                } catch (NumberFormatException e) {
                    // Zero bytes are no two's-complement number.
                    throw new Invalid(RejectReason.INVALID_AMOUNT, "Invalid " + field + ": empty decimal bytes (must be a number)");
                }
                if (decimal != null) {
                    return decimal;
                }
                if (v instanceof CharSequence text) {
                    try {
                        return new BigDecimal(text.toString());
                    } catch (NumberFormatException e) {
                        throw new Invalid(RejectReason.INVALID_AMOUNT, "Invalid " + field + ": " + text + " (must be a number)");
                    }
                }
                throw new Invalid(RejectReason.INVALID_AMOUNT,
                        "Invalid " + field + ": " + v + " (must be a decimal or a string of one)");
            }

            private Object present(String field) {
                Object v = record.getSchema().getField(field) == null ? null : record.get(field);
                if (v == null) {
                    throw new Invalid(RejectReason.MISSING_FIELD, "Missing field " + field);
                }
                return v;
            }
        };
    }

    private static String notBlank(String field, String text) {
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new Invalid(RejectReason.INVALID_TEXT, "Invalid " + field + ": a NUL character (\\u0000) at index "
                    + nul + " (PostgreSQL text cannot hold one)");
        }
        if (text.isBlank()) {
            throw new Invalid(RejectReason.MISSING_FIELD, "Missing field " + field + " (blank)");
        }
        return text;
    }

    private Schema schema() {
        Schema s = schema;
        if (s == null) {
            s = BankTransactionAvro.parseSchema(schemaText, "schema");
            schema = s;
        }
        return s;
    }

    private static final class Invalid extends RuntimeException {
        private final RejectReason reason;

        Invalid(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
