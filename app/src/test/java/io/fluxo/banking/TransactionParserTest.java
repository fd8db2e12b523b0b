package io.fluxo.banking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.amount.SubCentPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransactionParserTest {
    private static final String TOPIC = "bank_transactions";
    private static final String VALID = """
            {"id_transacao":"t1","id_usuario_pagador":"u000001","id_usuario_recebedor":"u000002","id_regiao":"SP",
             "modalidade_pagamento":"PIX","data_horario":1767596400000,"valor_transacao":123.45}""";
    private final TransactionParser json = TransactionParser.json(512, SubCentPolicy.REJECT);
    private final TransactionParser avro = TransactionParser.avro(512, BankTransactionAvro.defaultSchemaText(), null, SubCentPolicy.REJECT);

    private ParseResult parse(String payload) {
        return parse(json, payload);
    }

    private static ParseResult parse(TransactionParser parser, String payload) {
        return parser.parse(TOPIC, 3, 77L, payload == null ? null : payload.getBytes(StandardCharsets.UTF_8));
    }

    private Transaction valid(String payload) {
        ParseResult result = parse(payload);
        assertThat(result).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).transaction();
    }

    private void rejected(String payload, RejectReason reason, String error) {
        assertThat(parse(payload)).isEqualTo(new ParseResult.Rejected(reason, error));
    }

    /** VALID with one field replaced by {@code "field":value}, or removed when value is null. */
    private static String with(String field, String value) {
        if (!VALID.contains("\"" + field + "\":")) {
            throw new IllegalArgumentException("no field " + field);
        }
        String replacement = value == null ? "\"x_removed\":0" : "\"" + field + "\":" + value;
        return VALID.replaceAll("\"" + field + "\":(\"[^\"]*\"|[^,}]*)", java.util.regex.Matcher.quoteReplacement(replacement));
    }

    @Test
    void parsesAValidTransactionIgnoringUnknownFields() {
        Transaction t = valid(VALID.replace("}", ",\"canal\":\"app\",\"extra\":{\"a\":[1]}}"));
        assertThat(t).isEqualTo(new Transaction("t1", "u000001", "u000002", "SP", Modality.PIX, 1_767_596_400_000L,
                new BigDecimal("123.45"), TOPIC, 3, 77L));
    }

    @Test
    void matchesModalityAndRegionCaseInsensitivelyAndNormalisesAmounts() {
        assertThat(valid(with("modalidade_pagamento", "\"Boleto\"")).modalidadePagamento()).isEqualTo(Modality.BOLETO);
        assertThat(valid(with("modalidade_pagamento", "\"BOLETO\"")).modalidadePagamento()).isEqualTo(Modality.BOLETO);
        assertThat(valid(with("modalidade_pagamento", "\"ted\"")).modalidadePagamento()).isEqualTo(Modality.TED);
        assertThat(valid(with("id_regiao", "\"rj\"")).idRegiao()).isEqualTo("RJ");
        assertThat(valid(with("valor_transacao", "7")).valorTransacao()).isEqualTo(new BigDecimal("7.00"));
        assertThat(valid(with("valor_transacao", "0.1")).valorTransacao()).isEqualTo(new BigDecimal("0.10"));
        assertThat(valid(with("valor_transacao", "1.500")).valorTransacao()).isEqualTo(new BigDecimal("1.50"));
        assertThat(valid(with("valor_transacao", "1e3")).valorTransacao()).isEqualTo(new BigDecimal("1000.00"));
        assertThat(valid(with("valor_transacao", "9999999999999999.99")).valorTransacao().toPlainString())
                .isEqualTo("9999999999999999.99");
        assertThat(valid(with("data_horario", "0")).dataHorario()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all | NOT_JSON",
        "{\"id_transacao\": | NOT_JSON",
        "{\"id_transacao\":\"a\",\"id_transacao\":\"b\"} | NOT_JSON",
        "[1,2] | NOT_AN_OBJECT",
        "\"text\" | NOT_AN_OBJECT",
        "42 | NOT_AN_OBJECT"
    })
    void rejectsWhatIsNotAJsonObject(String payload, RejectReason reason) {
        assertThat(parse(payload)).isInstanceOfSatisfying(ParseResult.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(reason));
    }

    @Test
    void rejectsEmptyAndOversizedPayloads() {
        rejected(null, RejectReason.EMPTY_PAYLOAD, "Empty payload");
        rejected("", RejectReason.EMPTY_PAYLOAD, "Empty payload");
        rejected("{\"id_transacao\":\"" + "x".repeat(600) + "\"}", RejectReason.PAYLOAD_TOO_LARGE,
                "Payload of 619 bytes is over the limit of 512 bytes");
        rejected("[1]", RejectReason.NOT_AN_OBJECT, "Payload is a JSON array, not an object");
    }

    @Test
    void rejectsMissingAndWrongTypedFieldsWithExactMessages() {
        rejected(with("id_transacao", null), RejectReason.MISSING_FIELD, "Missing field id_transacao");
        rejected(with("id_usuario_pagador", "null"), RejectReason.MISSING_FIELD, "Missing field id_usuario_pagador");
        rejected(with("id_usuario_recebedor", "\"  \""), RejectReason.MISSING_FIELD,
                "Missing field id_usuario_recebedor (blank)");
        rejected(with("id_regiao", null), RejectReason.MISSING_FIELD, "Missing field id_regiao");
        rejected(with("modalidade_pagamento", null), RejectReason.MISSING_FIELD, "Missing field modalidade_pagamento");
        rejected(with("data_horario", null), RejectReason.MISSING_FIELD, "Missing field data_horario");
        rejected(with("valor_transacao", null), RejectReason.MISSING_FIELD, "Missing field valor_transacao");
        rejected(with("id_transacao", "42"), RejectReason.WRONG_TYPE, "Invalid id_transacao: 42 (must be a string)");
        rejected(with("id_usuario_pagador", "{\"id\":1}"), RejectReason.WRONG_TYPE,
                "Invalid id_usuario_pagador: {\"id\":1} (must be a string)");
        rejected(with("modalidade_pagamento", "1"), RejectReason.WRONG_TYPE,
                "Invalid modalidade_pagamento: 1 (must be a string)");
        rejected(with("data_horario", "\"2026-01-05T04:00:00Z\""), RejectReason.WRONG_TYPE,
                "Invalid data_horario: \"2026-01-05T04:00:00Z\" (must be an integer of epoch milliseconds)");
        rejected(with("data_horario", "1767596400000.5"), RejectReason.WRONG_TYPE,
                "Invalid data_horario: 1767596400000.5 (must be an integer of epoch milliseconds)");
        rejected(with("data_horario", "99999999999999999999"), RejectReason.WRONG_TYPE,
                "Invalid data_horario: 99999999999999999999 (must be an integer of epoch milliseconds)");
    }

    @Test
    void rejectsUnknownModalitiesAndRegions() {
        rejected(with("modalidade_pagamento", "\"CHEQUE\""), RejectReason.UNKNOWN_MODALITY,
                "Invalid modalidade_pagamento: CHEQUE (must be PIX, TED, DOC or Boleto)");
        rejected(with("modalidade_pagamento", "\" PIX\""), RejectReason.UNKNOWN_MODALITY,
                "Invalid modalidade_pagamento:  PIX (must be PIX, TED, DOC or Boleto)");
        rejected(with("id_regiao", "\"XX\""), RejectReason.UNKNOWN_REGION, "Invalid id_regiao: XX (not one of the 27 UFs)");
        rejected(with("id_regiao", "\"São Paulo\""), RejectReason.UNKNOWN_REGION,
                "Invalid id_regiao: São Paulo (not one of the 27 UFs)");
    }

    @Test
    void rejectsBadAmounts() {
        rejected(with("valor_transacao", "0"), RejectReason.INVALID_AMOUNT, "Invalid valor_transacao: 0 (must be positive)");
        // Jackson hands numbers over without trailing zeros.
        rejected(with("valor_transacao", "0.00"), RejectReason.INVALID_AMOUNT,
                "Invalid valor_transacao: 0 (must be positive)");
        rejected(with("valor_transacao", "-10.5"), RejectReason.INVALID_AMOUNT,
                "Invalid valor_transacao: -10.5 (must be positive)");
        rejected(with("valor_transacao", "\"10.00\""), RejectReason.INVALID_AMOUNT,
                "Invalid valor_transacao: \"10.00\" (must be a number)");
        rejected(with("valor_transacao", "true"), RejectReason.INVALID_AMOUNT,
                "Invalid valor_transacao: true (must be a number)");
        rejected(with("valor_transacao", "1.005"), RejectReason.INVALID_AMOUNT,
                "Invalid valor_transacao: 1.005 (more than 2 decimal places)");
        rejected(with("valor_transacao", "10000000000000000"), RejectReason.INVALID_AMOUNT,
                "Invalid valor_transacao: 10000000000000000 (over 9999999999999999.99)");
    }

    @Test
    void takesFloatNoiseWithinOneMillionthOfACentAsThatCentExactly() {
        Transaction t = valid(with("valor_transacao", "7937.860000000001"));
        assertThat(t.valorTransacao()).isEqualTo(new BigDecimal("7937.86"));
        assertThat(t.valorEnviado()).isNull();
        assertThat(valid(with("valor_transacao", "1571.8199999999997")).valorTransacao()).isEqualTo(new BigDecimal("1571.82"));
        assertThat(valid(with("valor_transacao", "10.000001")).valorTransacao()).isEqualTo(new BigDecimal("10.00"));
        rejected(with("valor_transacao", "0.0000001"), RejectReason.INVALID_AMOUNT,
                "Invalid valor_transacao: 0.0000001 (must be positive)");
    }

    @Test
    void rejectsRealSubCentDigitsByDefaultAndRoundsThemHalfEvenUnderRoundHalfEven() {
        rejected(with("valor_transacao", "3252.2412345678"), RejectReason.INVALID_AMOUNT,
                "Invalid valor_transacao: 3252.2412345678 (more than 2 decimal places)");
        rejected(with("valor_transacao", "10.0000011"), RejectReason.INVALID_AMOUNT,
                "Invalid valor_transacao: 10.0000011 (more than 2 decimal places)");
        TransactionParser rounding = TransactionParser.json(512, SubCentPolicy.ROUND_HALF_EVEN);
        assertThat(parse(rounding, with("valor_transacao", "3252.2412345678")))
                .isEqualTo(new ParseResult.Valid(new Transaction("t1", "u000001", "u000002", "SP", Modality.PIX,
                        1_767_596_400_000L, new BigDecimal("3252.24"), "3252.2412345678", TOPIC, 3, 77L)));
        assertThat(parse(rounding, with("valor_transacao", "10.005")))
                .isInstanceOfSatisfying(ParseResult.Valid.class, v -> {
                    assertThat(v.transaction().valorTransacao()).isEqualTo(new BigDecimal("10.00"));
                    assertThat(v.transaction().valorEnviado()).isEqualTo("10.005");
                });
        assertThat(parse(rounding, with("valor_transacao", "0.004")))
                .isEqualTo(new ParseResult.Rejected(RejectReason.INVALID_AMOUNT, "Invalid valor_transacao: 0.004 (must be positive)"));
    }

    @Test
    void rejectsSamePayerAndReceiverAfterEveryFieldCheck() {
        rejected(with("id_usuario_recebedor", "\"u000001\""), RejectReason.SAME_PAYER_AND_RECEIVER,
                "Invalid id_usuario_recebedor: u000001 (the same as id_usuario_pagador)");
        // The first problem in payload order wins: the amount comes before the payer/receiver comparison.
        rejected(with("id_usuario_recebedor", "\"u000001\"").replace("123.45", "-1"), RejectReason.INVALID_AMOUNT,
                "Invalid valor_transacao: -1 (must be positive)");
        rejected(with("id_regiao", "\"XX\"").replace("\"PIX\"", "\"CHEQUE\""), RejectReason.UNKNOWN_REGION,
                "Invalid id_regiao: XX (not one of the 27 UFs)");
    }

    // ---- Avro, Confluent wire format ----

    /** Avro's zig-zag variable-length long, written by hand so the test does not trust the library's encoder. */
    private static void varLong(ByteArrayOutputStream out, long value) {
        long n = (value << 1) ^ (value >> 63);
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        varLong(out, bytes.length);
        out.writeBytes(bytes);
    }

    /** Magic byte 0, schema id 1 big-endian, then the seven fields of bank_transaction.avsc in order. */
    private static byte[] framed(String id, String payer, String receiver, String region, String modality, long time,
            byte[] unscaledCents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0, 1});
        string(out, id);
        string(out, payer);
        string(out, receiver);
        string(out, region);
        string(out, modality);
        varLong(out, time);
        varLong(out, unscaledCents.length);
        out.writeBytes(unscaledCents);
        return out.toByteArray();
    }

    private static final byte[] CENTS_12345 = {0x30, 0x39};

    private ParseResult parseAvro(byte[] value) {
        return avro.parse(TOPIC, 1, 5L, value);
    }

    @Test
    void decodesAHandBuiltConfluentFramedRecord() {
        byte[] value = framed("t1", "u000001", "u000002", "SP", "Boleto", 1_767_596_400_000L, CENTS_12345);
        assertThat(Arrays.copyOf(value, 8)).containsExactly(0, 0, 0, 0, 1, 4, 't', '1');
        assertThat(parseAvro(value)).isEqualTo(new ParseResult.Valid(new Transaction("t1", "u000001", "u000002", "SP",
                Modality.BOLETO, 1_767_596_400_000L, new BigDecimal("123.45"), TOPIC, 1, 5L)));
        // The library's encoder writes exactly the hand-built bytes.
        assertThat(BankTransactionAvro.encode(BankTransactionAvro.defaultSchema(), 1, Transaction.of("t1", "u000001",
                "u000002", "SP", Modality.BOLETO, 1_767_596_400_000L, new BigDecimal("123.45")))).isEqualTo(value);
    }

    @Test
    void decodesLargeAndSmallDecimalsExactly() {
        // 9999999999999999.99 = 999999999999999999 cents = 0x0DE0B6B3A763FFFF
        byte[] max = {0x0D, (byte) 0xE0, (byte) 0xB6, (byte) 0xB3, (byte) 0xA7, 0x63, (byte) 0xFF, (byte) 0xFF};
        assertThat(parseAvro(framed("t1", "a", "b", "AM", "TED", 1L, max))).isInstanceOfSatisfying(ParseResult.Valid.class,
                v -> assertThat(v.transaction().valorTransacao().toPlainString()).isEqualTo("9999999999999999.99"));
        assertThat(parseAvro(framed("t1", "a", "b", "AM", "TED", 1L, new byte[] {1})))
                .isInstanceOfSatisfying(ParseResult.Valid.class,
                        v -> assertThat(v.transaction().valorTransacao()).isEqualTo(new BigDecimal("0.01")));
    }

    @Test
    void rejectsBadAvroFramingAndBodies() {
        byte[] good = framed("t1", "u000001", "u000002", "SP", "PIX", 1L, CENTS_12345);
        assertThat(parseAvro(new byte[] {0, 0, 0, 1})).isEqualTo(new ParseResult.Rejected(RejectReason.BAD_AVRO,
                "Not in the Confluent wire format: 4 bytes (a magic byte 0, a 4-byte schema id and an Avro body are needed)"));
        byte[] wrongMagic = good.clone();
        wrongMagic[0] = 1;
        assertThat(parseAvro(wrongMagic)).isEqualTo(new ParseResult.Rejected(RejectReason.BAD_AVRO,
                "Invalid magic byte: 0x01 (the Confluent wire format starts with 0x00)"));
        assertThat(parseAvro(VALID.getBytes(StandardCharsets.UTF_8))).isEqualTo(new ParseResult.Rejected(
                RejectReason.BAD_AVRO, "Invalid magic byte: 0x7b (the Confluent wire format starts with 0x00)"));
        assertThat(parseAvro(Arrays.copyOf(good, good.length - 1))).isEqualTo(new ParseResult.Rejected(RejectReason.BAD_AVRO,
                "Invalid Avro body: ends too early (not a record of schema io.fluxo.transactions.BankTransaction)"));
        byte[] trailing = Arrays.copyOf(good, good.length + 2);
        assertThat(parseAvro(trailing)).isEqualTo(new ParseResult.Rejected(RejectReason.BAD_AVRO,
                "Invalid Avro body: bytes left after the io.fluxo.transactions.BankTransaction record (written with another schema?)"));
        // A first string claiming 1 GB must be refused without allocating it.
        byte[] huge = {0, 0, 0, 0, 1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 'x'};
        assertThat(parseAvro(huge)).isInstanceOfSatisfying(ParseResult.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectReason.BAD_AVRO));
        byte[] negativeLength = {0, 0, 0, 0, 1, 0x03, 'x', 'y'};
        assertThat(parseAvro(negativeLength)).isInstanceOfSatisfying(ParseResult.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectReason.BAD_AVRO));
    }

    @Test
    void appliesTheSameFieldRulesToAvroRecords() {
        assertThat(parseAvro(framed("t1", "u000001", "u000001", "SP", "PIX", 1L, CENTS_12345))).isEqualTo(
                new ParseResult.Rejected(RejectReason.SAME_PAYER_AND_RECEIVER,
                        "Invalid id_usuario_recebedor: u000001 (the same as id_usuario_pagador)"));
        assertThat(parseAvro(framed("t1", "u000001", "u000002", "ZZ", "PIX", 1L, CENTS_12345))).isEqualTo(
                new ParseResult.Rejected(RejectReason.UNKNOWN_REGION, "Invalid id_regiao: ZZ (not one of the 27 UFs)"));
        assertThat(parseAvro(framed("t1", "u000001", "u000002", "SP", "Cheque", 1L, CENTS_12345))).isEqualTo(
                new ParseResult.Rejected(RejectReason.UNKNOWN_MODALITY,
                        "Invalid modalidade_pagamento: Cheque (must be PIX, TED, DOC or Boleto)"));
        assertThat(parseAvro(framed("", "u000001", "u000002", "SP", "PIX", 1L, CENTS_12345))).isEqualTo(
                new ParseResult.Rejected(RejectReason.MISSING_FIELD, "Missing field id_transacao (blank)"));
        // -1 cent: two's complement 0xFF.
        assertThat(parseAvro(framed("t1", "u000001", "u000002", "SP", "PIX", 1L, new byte[] {(byte) 0xFF}))).isEqualTo(
                new ParseResult.Rejected(RejectReason.INVALID_AMOUNT, "Invalid valor_transacao: -0.01 (must be positive)"));
        assertThat(parseAvro(framed("t1", "u000001", "u000002", "SP", "PIX", 1L, new byte[] {0}))).isEqualTo(
                new ParseResult.Rejected(RejectReason.INVALID_AMOUNT, "Invalid valor_transacao: 0.00 (must be positive)"));
        assertThat(parseAvro(framed("t1", "u000001", "u000002", "SP", "PIX", 1L, new byte[0]))).isEqualTo(
                new ParseResult.Rejected(RejectReason.INVALID_AMOUNT,
                        "Invalid valor_transacao: empty decimal bytes (must be a number)"));
        // 10^18 cents: over DecimalType(18,2).
        byte[] tooLarge = new BigInteger("1000000000000000000").toByteArray();
        assertThat(parseAvro(framed("t1", "u000001", "u000002", "SP", "PIX", 1L, tooLarge))).isEqualTo(
                new ParseResult.Rejected(RejectReason.INVALID_AMOUNT,
                        "Invalid valor_transacao: 10000000000000000.00 (over 9999999999999999.99)"));
    }

    @Test
    void checksTheSchemaIdWhenOneIsExpected() {
        TransactionParser strict = TransactionParser.avro(512, BankTransactionAvro.defaultSchemaText(), 7, SubCentPolicy.REJECT);
        byte[] value = framed("t1", "u000001", "u000002", "SP", "PIX", 1L, CENTS_12345);
        assertThat(strict.parse(TOPIC, 0, 0, value)).isEqualTo(
                new ParseResult.Rejected(RejectReason.BAD_AVRO, "Invalid schema id: 1 (expected 7)"));
        value[4] = 7;
        assertThat(strict.parse(TOPIC, 0, 0, value)).isInstanceOf(ParseResult.Valid.class);
    }

    @Test
    void readsAStringAmountAndNullableFieldsFromAnotherSchemaFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("string-amount.avsc");
        Files.writeString(file, """
                {"type":"record","name":"Tx","fields":[
                  {"name":"id_transacao","type":"string"},
                  {"name":"id_usuario_pagador","type":"string"},
                  {"name":"id_usuario_recebedor","type":["null","string"]},
                  {"name":"id_regiao","type":"string"},
                  {"name":"modalidade_pagamento","type":"string"},
                  {"name":"data_horario","type":"long"},
                  {"name":"valor_transacao","type":"string"},
                  {"name":"canal","type":"string","default":"app"}]}""");
        String schema = BankTransactionAvro.readSchemaFile(file);
        TransactionParser parser = TransactionParser.avro(512, schema, null, SubCentPolicy.REJECT);
        Transaction t = Transaction.of("t9", "u000003", "u000004", "DF", Modality.DOC, 5L, new BigDecimal("0.50"));
        byte[] value = BankTransactionAvro.encode(BankTransactionAvro.parseSchema(schema, "test"), 3, t);
        assertThat(parser.parse(TOPIC, 0, 9L, value)).isEqualTo(new ParseResult.Valid(
                new Transaction("t9", "u000003", "u000004", "DF", Modality.DOC, 5L, new BigDecimal("0.50"), TOPIC, 0, 9L)));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0, 3});
        string(out, "t9");
        string(out, "u000003");
        varLong(out, 0); // union branch 0: null
        string(out, "DF");
        string(out, "DOC");
        varLong(out, 5L);
        string(out, "12,50");
        string(out, "app");
        assertThat(parser.parse(TOPIC, 0, 9L, out.toByteArray())).isEqualTo(
                new ParseResult.Rejected(RejectReason.MISSING_FIELD, "Missing field id_usuario_recebedor"));
    }

    @Test
    void reportsAStringAmountThatIsNoNumber(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.avsc");
        Files.writeString(file, BankTransactionAvro.defaultSchemaText().replace(
                "{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 18, \"scale\": 2}", "\"string\""));
        TransactionParser parser = TransactionParser.avro(512, BankTransactionAvro.readSchemaFile(file), null, SubCentPolicy.REJECT);
        assertThat(parser.parse(TOPIC, 0, 0, stringAmount("12,50"))).isEqualTo(new ParseResult.Rejected(
                RejectReason.INVALID_AMOUNT, "Invalid valor_transacao: 12,50 (must be a number)"));
    }

    @Test
    void appliesTheAmountRuleToAvroDecimalsOfMorePlacesAndToStrings(@TempDir Path dir) throws Exception {
        Path micros = dir.resolve("micros.avsc");
        Files.writeString(micros, BankTransactionAvro.defaultSchemaText().replace("\"precision\": 18, \"scale\": 2",
                "\"precision\": 22, \"scale\": 6"));
        TransactionParser reject = TransactionParser.avro(512, BankTransactionAvro.readSchemaFile(micros), null, SubCentPolicy.REJECT);
        TransactionParser round = TransactionParser.avro(512, BankTransactionAvro.readSchemaFile(micros), null,
                SubCentPolicy.ROUND_HALF_EVEN);
        // 7937.860001 is 1e-6 from 7937.86: that cent. 3252.241235 has real sub-cent digits.
        byte[] noise = framed("t1", "u000001", "u000002", "SP", "PIX", 1L, BigInteger.valueOf(7_937_860_001L).toByteArray());
        byte[] subCent = framed("t1", "u000001", "u000002", "SP", "PIX", 1L, BigInteger.valueOf(3_252_241_235L).toByteArray());
        assertThat(reject.parse(TOPIC, 0, 0, noise)).isInstanceOfSatisfying(ParseResult.Valid.class,
                v -> assertThat(v.transaction().valorTransacao()).isEqualTo(new BigDecimal("7937.86")));
        assertThat(reject.parse(TOPIC, 0, 0, subCent)).isEqualTo(new ParseResult.Rejected(RejectReason.INVALID_AMOUNT,
                "Invalid valor_transacao: 3252.241235 (more than 2 decimal places)"));
        assertThat(round.parse(TOPIC, 0, 0, subCent)).isInstanceOfSatisfying(ParseResult.Valid.class, v -> {
            assertThat(v.transaction().valorTransacao()).isEqualTo(new BigDecimal("3252.24"));
            assertThat(v.transaction().valorEnviado()).isEqualTo("3252.241235");
        });

        Path strings = dir.resolve("strings.avsc");
        Files.writeString(strings, BankTransactionAvro.defaultSchemaText().replace(
                "{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 18, \"scale\": 2}", "\"string\""));
        TransactionParser fromStrings = TransactionParser.avro(512, BankTransactionAvro.readSchemaFile(strings), null,
                SubCentPolicy.REJECT);
        assertThat(fromStrings.parse(TOPIC, 0, 0, stringAmount("1571.8199999999997")))
                .isInstanceOfSatisfying(ParseResult.Valid.class,
                        v -> assertThat(v.transaction().valorTransacao()).isEqualTo(new BigDecimal("1571.82")));
        assertThat(fromStrings.parse(TOPIC, 0, 0, stringAmount("3252.2412345678"))).isEqualTo(new ParseResult.Rejected(
                RejectReason.INVALID_AMOUNT, "Invalid valor_transacao: 3252.2412345678 (more than 2 decimal places)"));
    }

    /** A record of the default schema's fields with valor_transacao as an Avro string. */
    private static byte[] stringAmount(String amount) {
        byte[] framed = framed("t1", "u000001", "u000002", "SP", "PIX", 1L, new byte[0]);
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.writeBytes(Arrays.copyOf(framed, framed.length - 1)); // drop the empty bytes' length
        string(value, amount);
        return value.toByteArray();
    }

    @Test
    void rejectsUnusableSchemaFiles(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.avsc");
        assertThatThrownBy(() -> BankTransactionAvro.readSchemaFile(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid Avro schema file: " + missing + " (cannot read it: ");
        Path notRecord = Files.writeString(dir.resolve("s.avsc"), "\"string\"");
        assertThatThrownBy(() -> BankTransactionAvro.readSchemaFile(notRecord)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid Avro schema file: " + notRecord + " (a record schema is needed, not string)");
        Path broken = Files.writeString(dir.resolve("b.avsc"), "{\"type\":\"record\"");
        assertThatThrownBy(() -> BankTransactionAvro.readSchemaFile(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid Avro schema file: " + broken + " (");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(avro);
        }
        TransactionParser copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (TransactionParser) in.readObject();
        }
        byte[] value = framed("t1", "u000001", "u000002", "SP", "PIX", 1L, CENTS_12345);
        assertThat(copy.parse(TOPIC, 1, 5L, value)).isEqualTo(avro.parse(TOPIC, 1, 5L, value));
        assertThat(copy.format()).isEqualTo(PayloadFormat.AVRO);
    }

    @Test
    void aNulCharacterInAnyTextFieldIsInvalidText() {
        rejected(with("id_transacao", "\"t\\u00001\""), RejectReason.INVALID_TEXT,
                "Invalid id_transacao: a NUL character (\\u0000) at index 1 (PostgreSQL text cannot hold one)");
        rejected(with("id_usuario_recebedor", "\"\\u0000\""), RejectReason.INVALID_TEXT,
                "Invalid id_usuario_recebedor: a NUL character (\\u0000) at index 0 (PostgreSQL text cannot hold one)");
        // Before the region is looked up: the reason is the NUL, not an unknown region.
        rejected(with("id_regiao", "\"S\\u0000\""), RejectReason.INVALID_TEXT,
                "Invalid id_regiao: a NUL character (\\u0000) at index 1 (PostgreSQL text cannot hold one)");
        byte[] nulInAvro = BankTransactionAvro.encode(BankTransactionAvro.defaultSchema(), 1, Transaction.of("t\u0000",
                "u000001", "u000002", "SP", Modality.PIX, 1_767_596_400_000L, new BigDecimal("1.00")));
        assertThat(avro.parse(TOPIC, 3, 77L, nulInAvro)).isEqualTo(new ParseResult.Rejected(RejectReason.INVALID_TEXT,
                "Invalid id_transacao: a NUL character (\\u0000) at index 1 (PostgreSQL text cannot hold one)"));
    }

    @Test
    void anIdOverTheCapInUtf8BytesIsTooLong() {
        TransactionParser roomy = TransactionParser.json(65536, SubCentPolicy.REJECT);
        // 1024 bytes: 1024 ASCII letters, 512 two-byte "é", 256 four-byte "😀" (a surrogate pair each).
        for (String ok : new String[] {"a".repeat(1024), "é".repeat(512), "😀".repeat(256)}) {
            assertThat(parse(roomy, with("id_transacao", "\"" + ok + "\""))).isInstanceOf(ParseResult.Valid.class);
        }
        assertThat(parse(roomy, with("id_transacao", "\"" + "a".repeat(1025) + "\""))).isEqualTo(new ParseResult.Rejected(
                RejectReason.ID_TOO_LONG,
                "Invalid id_transacao: 1025 bytes in UTF-8 (at most 1024, fluxo.transactions.max-id-bytes)"));
        assertThat(parse(roomy, with("id_usuario_pagador", "\"" + "é".repeat(512) + "a\""))).isEqualTo(new ParseResult.Rejected(
                RejectReason.ID_TOO_LONG,
                "Invalid id_usuario_pagador: 1025 bytes in UTF-8 (at most 1024, fluxo.transactions.max-id-bytes)"));
        assertThat(parse(roomy, with("id_usuario_recebedor", "\"" + "😀".repeat(257) + "\""))).isEqualTo(new ParseResult.Rejected(
                RejectReason.ID_TOO_LONG,
                "Invalid id_usuario_recebedor: 1028 bytes in UTF-8 (at most 1024, fluxo.transactions.max-id-bytes)"));

        TransactionParser tight = roomy.withMaxIdBytes(7);
        assertThat(parse(tight, with("id_transacao", "\"t234567\""))).isInstanceOf(ParseResult.Valid.class);
        assertThat(parse(tight, with("id_transacao", "\"t2345678\""))).isEqualTo(new ParseResult.Rejected(
                RejectReason.ID_TOO_LONG, "Invalid id_transacao: 8 bytes in UTF-8 (at most 7, fluxo.transactions.max-id-bytes)"));
        assertThatThrownBy(() -> roomy.withMaxIdBytes(0)).hasMessage("Invalid maxIdBytes: 0 (must be at least 1)");
    }

    @Test
    void utf8LengthIsTheLengthOfTheEncodedText() {
        for (String text : new String[] {"", "abc", "é", "ação", "€", "😀", "a😀b", "\ud83d", "x\ude00y"}) {
            assertThat(TransactionParser.utf8Length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void aDataHorarioOutsideWhatTimestamptzStoresIsOutOfRange() {
        // timestamptz stores 4714-11-24 00:00:00 BC (ISO year -4713) to 294276-12-31 23:59:59.999999.
        assertThat(java.time.Instant.ofEpochMilli(-210_866_803_200_000L)).isEqualTo(java.time.Instant.parse("-4713-11-24T00:00:00Z"));
        assertThat(java.time.Instant.ofEpochMilli(9_224_318_015_999_999L))
                .isEqualTo(java.time.Instant.parse("+294276-12-31T23:59:59.999Z"));
        assertThat(valid(with("data_horario", "-210866803200000")).dataHorario()).isEqualTo(-210_866_803_200_000L);
        assertThat(valid(with("data_horario", "9224318015999999")).dataHorario()).isEqualTo(9_224_318_015_999_999L);
        String why = " (must be epoch milliseconds from -210866803200000 to 9224318015999999, what PostgreSQL"
                + " timestamptz stores)";
        rejected(with("data_horario", "-210866803200001"), RejectReason.TIMESTAMP_OUT_OF_RANGE,
                "Invalid data_horario: -210866803200001" + why);
        rejected(with("data_horario", "9224318016000000"), RejectReason.TIMESTAMP_OUT_OF_RANGE,
                "Invalid data_horario: 9224318016000000" + why);
        rejected(with("data_horario", String.valueOf(Long.MAX_VALUE)), RejectReason.TIMESTAMP_OUT_OF_RANGE,
                "Invalid data_horario: " + Long.MAX_VALUE + why);
    }
}
