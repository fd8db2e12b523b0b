package io.fluxo.pipeline.receivables;

import io.fluxo.sink.dynamodb.DynamoDbItemSink;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.amount.SubCentPolicy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReceivableParserTest {
    private static final String AGENDADOS = "recebiveis-agendados";
    private static final String CANCELADOS = "recebiveis-cancelados";
    private static final String NEGOCIADOS = "recebiveis-negociados";
    private static final Map<String, EventType> TYPES =
            Map.of(AGENDADOS, EventType.AGENDADO, CANCELADOS, EventType.CANCELADO, NEGOCIADOS, EventType.NEGOCIADO);
    private final ReceivableParser parser = new ReceivableParser(TYPES, 512, DynamoDbItemSink.MAX_ITEM_BYTES, SubCentPolicy.REJECT);
    private final ReceivableParser rounding = new ReceivableParser(TYPES, 512, DynamoDbItemSink.MAX_ITEM_BYTES, SubCentPolicy.ROUND_HALF_EVEN);

    private ParseResult parse(String topic, String json) {
        return parse(parser, topic, json);
    }

    private static ParseResult parse(ReceivableParser parser, String topic, String json) {
        return parser.parse(topic, 2, 41L, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private ReceivableEvent valid(String topic, String json) {
        return valid(parser, topic, json);
    }

    private static ReceivableEvent valid(ReceivableParser parser, String topic, String json) {
        ParseResult result = parse(parser, topic, json);
        assertThat(result).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).event();
    }

    private void rejected(String topic, String json, RejectReason reason, String error) {
        assertThat(parse(topic, json)).isEqualTo(new ParseResult.Rejected(reason, error));
    }

    @Test
    void parsesAFullSchedulingEvent() {
        ReceivableEvent e = valid(AGENDADOS, """
                {"id_recebivel":"r1","id_pagamento":"p1","codigo_produto":10,"codigo_produto_parceiro":20,
                 "modalidade":3,"valor_original":1234.5,"data_vencimento":"2026-12-01","tipo_evento":"agendado",
                 "timestamp":"2026-11-21T10:00:00Z","extra":"ignored"}""");
        assertThat(e).isEqualTo(new ReceivableEvent(EventType.AGENDADO, "r1", "r1", new BigDecimal("1234.50"), null,
                "2026-12-01", null, "p1", 10, 20, 3, "2026-11-21T10:00:00Z", AGENDADOS, 2, 41L));
        assertThat(e.sortKey()).isEqualTo("agendado#r1");
    }

    @Test
    void parsesCancellationAndNegotiationWithIntegerAmountsAndAnyCase() {
        ReceivableEvent c = valid(CANCELADOS, """
                {"id_recebivel":"r1","id_cancelamento":"c1","valor_cancelado":7,"data_cancelamento":"2026-11-20",
                 "motivo":"CHARGEBACK","tipo_evento":"CANCELADO"}""");
        assertThat(c.amount()).isEqualTo(new BigDecimal("7.00"));
        assertThat(c.eventId()).isEqualTo("c1");
        assertThat(c.motivo()).isEqualTo("CHARGEBACK");
        assertThat(c.sortKey()).isEqualTo("cancelado#c1");
        ReceivableEvent n = valid(NEGOCIADOS, """
                {"id_recebivel":"r1","id_negociacao":"n1","valor_negociado":0.05,"tipo_evento":"Negociado"}""");
        assertThat(n.amount()).isEqualTo(new BigDecimal("0.05"));
        assertThat(n.sortKey()).isEqualTo("negociado#n1");
        assertThat(n.date()).isNull();
    }

    @Test
    void keepsAmountsExactBeyondDoublePrecision() {
        ReceivableEvent e = valid(AGENDADOS, """
                {"id_recebivel":"r1","valor_original":9999999999999999.99,"tipo_evento":"agendado"}""");
        assertThat(e.amount().toPlainString()).isEqualTo("9999999999999999.99");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all | NOT_JSON",
        "{\"id_recebivel\": | NOT_JSON",
        "[1,2] | NOT_AN_OBJECT",
        "\"text\" | NOT_AN_OBJECT"
    })
    void rejectsWhatIsNotAJsonObject(String payload, RejectReason reason) {
        assertThat(parse(AGENDADOS, payload)).isInstanceOfSatisfying(ParseResult.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(reason));
    }

    @Test
    void rejectsMissingAndWrongTypedFieldsWithExactMessages() {
        rejected(AGENDADOS, "{\"valor_original\":1,\"tipo_evento\":\"agendado\"}",
                RejectReason.MISSING_FIELD, "Missing field id_recebivel");
        rejected(AGENDADOS, "{\"id_recebivel\":\"  \",\"valor_original\":1,\"tipo_evento\":\"agendado\"}",
                RejectReason.MISSING_FIELD, "Missing field id_recebivel (blank)");
        rejected(CANCELADOS, "{\"id_recebivel\":\"r1\",\"valor_cancelado\":1,\"tipo_evento\":\"cancelado\"}",
                RejectReason.MISSING_FIELD, "Missing field id_cancelamento");
        rejected(AGENDADOS, "{\"id_recebivel\":42,\"valor_original\":1,\"tipo_evento\":\"agendado\"}",
                RejectReason.WRONG_TYPE, "Invalid id_recebivel: 42 (must be a string)");
        rejected(AGENDADOS, "{\"id_recebivel\":\"r1\",\"valor_original\":1,\"tipo_evento\":\"agendado\",\"codigo_produto\":\"7\"}",
                RejectReason.WRONG_TYPE, "Invalid codigo_produto: \"7\" (must be an integer)");
        rejected(AGENDADOS, "{\"id_recebivel\":\"r1\",\"valor_original\":1}",
                RejectReason.MISSING_FIELD, "Missing field tipo_evento");
    }

    @Test
    void rejectsBadAmounts() {
        rejected(AGENDADOS, "{\"id_recebivel\":\"r1\",\"tipo_evento\":\"agendado\"}",
                RejectReason.INVALID_AMOUNT, "Missing amount valor_original");
        rejected(AGENDADOS, "{\"id_recebivel\":\"r1\",\"valor_original\":-0.01,\"tipo_evento\":\"agendado\"}",
                RejectReason.INVALID_AMOUNT, "Invalid valor_original: -0.01 (must not be negative)");
        rejected(AGENDADOS, "{\"id_recebivel\":\"r1\",\"valor_original\":\"10.00\",\"tipo_evento\":\"agendado\"}",
                RejectReason.INVALID_AMOUNT, "Invalid valor_original: \"10.00\" (must be a number)");
        rejected(AGENDADOS, "{\"id_recebivel\":\"r1\",\"valor_original\":1.005,\"tipo_evento\":\"agendado\"}",
                RejectReason.INVALID_AMOUNT, "Invalid valor_original: 1.005 (more than 2 decimal places)");
        rejected(AGENDADOS, "{\"id_recebivel\":\"r1\",\"valor_original\":10000000000000000,\"tipo_evento\":\"agendado\"}",
                RejectReason.INVALID_AMOUNT, "Invalid valor_original: 10000000000000000 (over 9999999999999999.99)");
        assertThat(valid(AGENDADOS, "{\"id_recebivel\":\"r1\",\"valor_original\":1.500,\"tipo_evento\":\"agendado\"}").amount())
                .isEqualTo(new BigDecimal("1.50"));
    }

    @Test
    void takesFloatNoiseWithinOneMillionthOfACentAsThatCentExactly() {
        ReceivableEvent n = valid(NEGOCIADOS, """
                {"id_recebivel":"r1","id_negociacao":"n1","valor_negociado":7937.860000000001,"tipo_evento":"negociado"}""");
        assertThat(n.amount()).isEqualTo(new BigDecimal("7937.86"));
        assertThat(n.amountSent()).isNull();
        ReceivableEvent c = valid(CANCELADOS, """
                {"id_recebivel":"r1","id_cancelamento":"c1","valor_cancelado":1571.8199999999997,"tipo_evento":"cancelado"}""");
        assertThat(c.amount()).isEqualTo(new BigDecimal("1571.82"));
        assertThat(c.amountSent()).isNull();
        ReceivableEvent a = valid(rounding, AGENDADOS, """
                {"id_recebivel":"r1","valor_original":10.000001,"tipo_evento":"agendado"}""");
        assertThat(a.amount()).isEqualTo(new BigDecimal("10.00"));
        assertThat(a.amountSent()).isNull();
        assertThat(HistoryItem.toJson(n)).doesNotContain("valor_enviado");
    }

    @Test
    void rejectsRealSubCentDigitsByDefault() {
        rejected(NEGOCIADOS, "{\"id_recebivel\":\"r1\",\"id_negociacao\":\"n1\",\"valor_negociado\":3252.2412345678,"
                + "\"tipo_evento\":\"negociado\"}",
                RejectReason.INVALID_AMOUNT, "Invalid valor_negociado: 3252.2412345678 (more than 2 decimal places)");
        rejected(CANCELADOS, "{\"id_recebivel\":\"r1\",\"id_cancelamento\":\"c1\",\"valor_cancelado\":10.0000011,"
                + "\"tipo_evento\":\"cancelado\"}",
                RejectReason.INVALID_AMOUNT, "Invalid valor_cancelado: 10.0000011 (more than 2 decimal places)");
    }

    @Test
    void roundsRealSubCentDigitsHalfEvenUnderRoundHalfEvenAndKeepsTheValueSentInTheHistory() {
        ReceivableEvent n = valid(rounding, NEGOCIADOS, """
                {"id_recebivel":"r1","id_negociacao":"n1","valor_negociado":3252.2412345678,"tipo_evento":"negociado"}""");
        assertThat(n.amount()).isEqualTo(new BigDecimal("3252.24"));
        assertThat(n.amountSent()).isEqualTo("3252.2412345678");
        ReceivableEvent c = valid(rounding, CANCELADOS, """
                {"id_recebivel":"r1","id_cancelamento":"c1","valor_cancelado":10.025,"tipo_evento":"cancelado"}""");
        assertThat(c.amount()).isEqualTo(new BigDecimal("10.02"));
        assertThat(HistoryItem.toJson(c)).isEqualTo("{\"id_recebivel\":\"r1\",\"evento\":\"cancelado#c1\","
                + "\"tipo_evento\":\"cancelado\",\"id_cancelamento\":\"c1\",\"valor_cancelado\":10.02,"
                + "\"valor_enviado\":\"10.025\",\"topic\":\"recebiveis-cancelados\",\"partition\":2,\"offset\":41}");
        assertThat(valid(rounding, AGENDADOS, """
                {"id_recebivel":"r1","valor_original":10.015,"tipo_evento":"agendado"}""").amount())
                .isEqualTo(new BigDecimal("10.02"));
        assertThat(parse(rounding, AGENDADOS, "{\"id_recebivel\":\"r1\",\"valor_original\":-0.001,\"tipo_evento\":\"agendado\"}"))
                .isEqualTo(new ParseResult.Rejected(RejectReason.INVALID_AMOUNT, "Invalid valor_original: -0.001 (must not be negative)"));
    }

    @Test
    void rejectsTypeThatDisagreesWithTheTopic() {
        rejected(CANCELADOS, "{\"id_recebivel\":\"r1\",\"valor_original\":1,\"tipo_evento\":\"agendado\"}",
                RejectReason.TYPE_MISMATCH, "Invalid tipo_evento: agendado (topic recebiveis-cancelados carries cancelado)");
        rejected(AGENDADOS, "{\"id_recebivel\":\"r1\",\"valor_original\":1,\"tipo_evento\":\"pago\"}",
                RejectReason.TYPE_MISMATCH, "Invalid tipo_evento: pago (topic recebiveis-agendados carries agendado)");
    }

    @Test
    void rejectsBadDatesEmptyOversizedDuplicateKeysAndUnknownTopics() {
        rejected(AGENDADOS, "{\"id_recebivel\":\"r1\",\"valor_original\":1,\"tipo_evento\":\"agendado\",\"data_vencimento\":\"01/12/2026\"}",
                RejectReason.INVALID_DATE, "Invalid data_vencimento: 01/12/2026 (must be yyyy-MM-dd)");
        rejected(AGENDADOS, "{\"id_recebivel\":\"r1\",\"valor_original\":1,\"tipo_evento\":\"agendado\",\"timestamp\":\"yesterday\"}",
                RejectReason.INVALID_DATE, "Invalid timestamp: yesterday (must be ISO-8601)");
        rejected(AGENDADOS, null, RejectReason.EMPTY_PAYLOAD, "Empty payload");
        rejected(AGENDADOS, "{\"id_recebivel\":\"" + "x".repeat(600) + "\"}", RejectReason.PAYLOAD_TOO_LARGE,
                "Payload of 619 bytes is over the limit of 512 bytes");
        assertThat(parse(AGENDADOS, "{\"id_recebivel\":\"r1\",\"id_recebivel\":\"r2\",\"valor_original\":1,\"tipo_evento\":\"agendado\"}"))
                .isInstanceOfSatisfying(ParseResult.Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.NOT_JSON));
        rejected("other-topic", "{}", RejectReason.UNKNOWN_TOPIC, "Topic other-topic carries no receivable events");
    }

    @Test
    void rejectsIdsOver512Utf8BytesCountingBytesNotCharacters() {
        ReceivableParser roomy = new ReceivableParser(TYPES, 4096, DynamoDbItemSink.MAX_ITEM_BYTES, SubCentPolicy.REJECT);
        // "é" is 2 bytes in UTF-8, "€" 3, "😀" 4 (two UTF-16 chars): 256 × 2 = 512, 171 × 3 = 513, 128 × 4 = 512.
        assertThat(valid(roomy, AGENDADOS, agendado("é".repeat(256))).idRecebivel()).hasSize(256);
        assertThat(valid(roomy, AGENDADOS, agendado("😀".repeat(128))).idRecebivel()).hasSize(256);
        assertThat(valid(roomy, AGENDADOS, agendado("€".repeat(170))).idRecebivel()).hasSize(170);
        String tooLong = "Invalid id_recebivel: 513 bytes in UTF-8, over the limit of 512 bytes (a DynamoDB key and"
                + " an OpenSearch _id)";
        assertThat(parse(roomy, AGENDADOS, agendado("é".repeat(256) + "a")))
                .isEqualTo(new ParseResult.Rejected(RejectReason.ID_TOO_LONG, tooLong));
        assertThat(parse(roomy, AGENDADOS, agendado("€".repeat(171))))
                .isEqualTo(new ParseResult.Rejected(RejectReason.ID_TOO_LONG, tooLong));
        assertThat(parse(roomy, AGENDADOS, agendado("😀".repeat(128) + "a")))
                .isEqualTo(new ParseResult.Rejected(RejectReason.ID_TOO_LONG, tooLong));
    }

    @Test
    void boundsTheEventIdsOfTheSortKeyToo() {
        ReceivableParser roomy = new ReceivableParser(TYPES, 4096, DynamoDbItemSink.MAX_ITEM_BYTES, SubCentPolicy.REJECT);
        ReceivableEvent n = valid(roomy, NEGOCIADOS, negociado("r1", "n".repeat(512)));
        // "negociado#" (10 bytes) + 512: 522 bytes, within DynamoDB's 1024 for a sort key.
        assertThat(n.sortKey().getBytes(StandardCharsets.UTF_8)).hasSize(522);
        assertThat(parse(roomy, NEGOCIADOS, negociado("r1", "n".repeat(513)))).isEqualTo(new ParseResult.Rejected(
                RejectReason.ID_TOO_LONG, "Invalid id_negociacao: 513 bytes in UTF-8, over the limit of 512 bytes"
                        + " (a DynamoDB key and an OpenSearch _id)"));
        assertThat(parse(roomy, CANCELADOS, cancelado("r1", "ç".repeat(257)))).isEqualTo(new ParseResult.Rejected(
                RejectReason.ID_TOO_LONG, "Invalid id_cancelamento: 514 bytes in UTF-8, over the limit of 512 bytes"
                        + " (a DynamoDB key and an OpenSearch _id)"));
    }

    @Test
    void rejectsEmptyIdsThatDynamoDbWouldRefuseAsKeys() {
        rejected(AGENDADOS, agendado(""), RejectReason.MISSING_FIELD, "Missing field id_recebivel (blank)");
        rejected(CANCELADOS, cancelado("r1", ""), RejectReason.MISSING_FIELD, "Missing field id_cancelamento (blank)");
        rejected(NEGOCIADOS, negociado("r1", ""), RejectReason.MISSING_FIELD, "Missing field id_negociacao (blank)");
    }

    @Test
    void rejectsAnEventWhoseHistoryItemWouldBeOverTheItemLimit() {
        ReceivableParser small = new ReceivableParser(TYPES, 4096, 1024, SubCentPolicy.REJECT);
        // The item, name + value per attribute: id_recebivel 12+2, evento 6+12 ("cancelado#c1"), tipo_evento 11+9,
        // id_cancelamento 15+2, valor_cancelado 15+2 (the number 1: one digit, 1 + 1 byte), motivo 6+L,
        // topic 5+21 ("recebiveis-cancelados"), partition 9+2, offset 6+2 (41: two digits, 1 + 1): 137 + L.
        assertThat(valid(small, CANCELADOS, canceladoWithMotivo("m".repeat(887))).motivo()).hasSize(887);
        assertThat(parse(small, CANCELADOS, canceladoWithMotivo("m".repeat(888)))).isEqualTo(new ParseResult.Rejected(
                RejectReason.ITEM_TOO_LARGE, "History item of 1025 bytes is over the DynamoDB item limit of 1024 bytes"
                        + " (fluxo.receivables.max-item-bytes)"));
        // Without the DynamoDB sink there is no item to check.
        ReceivableParser noItem = new ReceivableParser(TYPES, 4096, 0, SubCentPolicy.REJECT);
        assertThat(valid(noItem, CANCELADOS, canceladoWithMotivo("m".repeat(3000))).motivo()).hasSize(3000);
    }

    private static String canceladoWithMotivo(String motivo) {
        return "{\"id_recebivel\":\"r1\",\"id_cancelamento\":\"c1\",\"valor_cancelado\":1,\"motivo\":\"" + motivo
                + "\",\"tipo_evento\":\"cancelado\"}";
    }

    private static String agendado(String id) {
        return "{\"id_recebivel\":\"" + id + "\",\"valor_original\":1,\"tipo_evento\":\"agendado\"}";
    }

    private static String cancelado(String id, String cancelamento) {
        return "{\"id_recebivel\":\"" + id + "\",\"id_cancelamento\":\"" + cancelamento
                + "\",\"valor_cancelado\":1,\"tipo_evento\":\"cancelado\"}";
    }

    private static String negociado(String id, String negociacao) {
        return "{\"id_recebivel\":\"" + id + "\",\"id_negociacao\":\"" + negociacao
                + "\",\"valor_negociado\":1,\"tipo_evento\":\"negociado\"}";
    }
}
