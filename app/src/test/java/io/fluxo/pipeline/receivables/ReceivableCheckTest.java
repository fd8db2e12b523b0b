package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fluxo.pipeline.receivables.ReceivableCheck.Status;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReceivableCheckTest {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final String ID = "r1";
    private static final ReceivableExpectation EXPECTED = new ReceivableExpectation(ID, new BigDecimal("100.00"), 3, 1,
            1, new BigDecimal("30.00"), new BigDecimal("20.50"), new BigDecimal("49.50"), Situacao.PARCIAL,
            List.of("agendado#r1", "cancelado#c1", "negociado#n1"));
    private static final Set<String> HISTORY = Set.of("agendado#r1", "cancelado#c1", "negociado#n1");

    /** The document as the pipeline writes it (DESIGN §1.1), with {@code replace} applied to its text. */
    private static JsonNode document(String... replace) throws Exception {
        String doc = """
                {"id_recebivel":"r1","id_pagamento":"p","codigo_produto":1,"codigo_produto_parceiro":1000,"modalidade":1,
                 "valor_original":100.00,"data_vencimento":"2025-07-01","timestamp":"2025-06-01T12:00:00Z",
                 "cancelamentos":[{"id_cancelamento":"c1","data_cancelamento":"2025-06-02","valor_cancelado":30.00,"motivo":"FRAUDE"}],
                 "negociacoes":[{"id_negociacao":"n1","data_negociacao":"2025-06-03","valor_negociado":20.50}],
                 "quantidade_eventos":3,"quantidade_cancelamentos":1,"quantidade_negociacoes":1,
                 "valor_total_cancelado":30.00,"valor_total_negociado":20.50,"valor_disponivel":49.50,
                 "situacao":"PARCIAL","window_start":0,"window_end":15000,"atualizado_em":"2025-06-01T12:00:15Z"}""";
        for (int i = 0; i < replace.length; i += 2) {
            doc = doc.replace(replace[i], replace[i + 1]);
        }
        return JSON.readTree(doc);
    }

    private static ReceivableCheck check(JsonNode document, Set<String> history) {
        return ReceivableCheck.of(EXPECTED, true, document, "idx", true, history, "Tbl");
    }

    @Test
    void aDocumentAndHistoryAsExpectedMatch() throws Exception {
        assertThat(check(document(), HISTORY)).isEqualTo(new ReceivableCheck(ID, Status.MATCH, List.of()));
    }

    @Test
    void amountsCompareByValueNotScale() throws Exception {
        assertThat(check(document("\"valor_negociado\":20.50", "\"valor_negociado\":20.5",
                "\"valor_total_negociado\":20.50", "\"valor_total_negociado\":20.5", "\"valor_original\":100.00",
                "\"valor_original\":100"), HISTORY).status()).isEqualTo(Status.MATCH);
    }

    @Test
    void eachWrongFieldIsNamedWithBothValues() throws Exception {
        ReceivableCheck c = check(document("\"valor_disponivel\":49.50", "\"valor_disponivel\":49.49",
                "\"quantidade_eventos\":3", "\"quantidade_eventos\":4", "\"situacao\":\"PARCIAL\"", "\"situacao\":\"ESGOTADO\"",
                "\"valor_total_cancelado\":30.00,", ""), HISTORY);
        assertThat(c.status()).isEqualTo(Status.DIFFER);
        assertThat(c.mismatches()).containsExactly(
                "r1 quantidade_eventos: expected 3, actual 4",
                "r1 valor_total_cancelado: expected 30.00, actual absent",
                "r1 valor_disponivel: expected 49.50, actual 49.49",
                "r1 situacao: expected PARCIAL, actual \"ESGOTADO\"");
    }

    @Test
    void amountsMustBeNumbers() throws Exception {
        assertThat(check(document("\"valor_original\":100.00", "\"valor_original\":\"100.00\""), HISTORY).mismatches())
                .containsExactly("r1 valor_original: expected 100.00, actual \"100.00\"");
    }

    @Test
    void theCancellationAndNegotiationIdsMustBeTheExpectedOnes() throws Exception {
        assertThat(check(document("\"id_cancelamento\":\"c1\"", "\"id_cancelamento\":\"c9\""), HISTORY).mismatches())
                .containsExactly("r1 cancelamentos[].id_cancelamento: expected [c1], actual [c9]");
        assertThat(check(document("\"negociacoes\":[", "\"negociacoes\":[{\"id_negociacao\":\"n1\"},"), HISTORY)
                .mismatches()).containsExactly("r1 negociacoes[].id_negociacao: expected [n1], actual [n1]");
    }

    @Test
    void historyKeysMustBeExactlyTheExpectedOnes() throws Exception {
        ReceivableCheck c = check(document(), Set.of("agendado#r1", "cancelado#c1", "cancelado#c2"));
        assertThat(c.status()).isEqualTo(Status.DIFFER);
        assertThat(c.mismatches()).containsExactly(
                "r1 history: expected 3 items, actual 3; missing [negociado#n1]; unexpected [cancelado#c2]");
    }

    @Test
    void anAbsentDocumentOrHistoryIsMissing() throws Exception {
        assertThat(check(null, HISTORY)).isEqualTo(new ReceivableCheck(ID, Status.MISSING,
                List.of("r1 document: missing from index idx")));
        assertThat(check(document(), Set.of())).isEqualTo(new ReceivableCheck(ID, Status.MISSING,
                List.of("r1 history: no items in table Tbl (expected 3)")));
    }

    @Test
    void onlyTheEnabledSinksAreChecked() {
        assertThat(ReceivableCheck.of(EXPECTED, false, null, "idx", true, HISTORY, "Tbl").status()).isEqualTo(Status.MATCH);
        assertThat(ReceivableCheck.of(EXPECTED, true, null, "idx", false, null, "Tbl").status()).isEqualTo(Status.MISSING);
    }

    @Test
    void withoutASchedulingEventTheOriginalMustBeAbsent() throws Exception {
        ReceivableExpectation orphan = new ReceivableExpectation(ID, null, 1, 1, 0, new BigDecimal("30.00"),
                BigDecimal.ZERO, null, Situacao.SEM_AGENDAMENTO, List.of("cancelado#c1"));
        JsonNode doc = JSON.readTree("""
                {"id_recebivel":"r1","valor_original":null,"cancelamentos":[{"id_cancelamento":"c1"}],"negociacoes":[],
                 "quantidade_eventos":1,"quantidade_cancelamentos":1,"quantidade_negociacoes":0,
                 "valor_total_cancelado":30.00,"valor_total_negociado":0.00,"valor_disponivel":-30.00,"situacao":"SEM_AGENDAMENTO"}""");
        assertThat(ReceivableCheck.of(orphan, true, doc, "idx", true, Set.of("cancelado#c1"), "Tbl").status())
                .isEqualTo(Status.MATCH);
    }

    @Test
    void summaryLineCountsEveryOutcome() {
        VerifyResult result = new VerifyResult("receivables", 1000, 2350, 990, 4, 6, List.of());
        assertThat(result.summary())
                .isEqualTo("verify receivables: 1000 receivables, 2350 history items: 990 match, 4 differ, 6 missing");
        assertThat(result.ok()).isFalse();
        assertThat(new VerifyResult("receivables", 2, 3, 2, 0, 0, List.of()).ok()).isTrue();
    }
}
