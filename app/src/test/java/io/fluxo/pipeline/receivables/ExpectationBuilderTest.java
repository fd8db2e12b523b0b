package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationBuilderTest {
    private static final String ID = "11111111-1111-4111-8111-111111111111";
    private static final Instant AT = Instant.parse("2025-06-01T12:00:00Z");

    static GeneratedEvent agendado(String id, String valor) {
        return new GeneratedEvent(EventType.AGENDADO, id, id, "p", 1, 1000, 1, new BigDecimal(valor),
                LocalDate.of(2025, 7, 1), null, AT);
    }

    static GeneratedEvent cancelado(String id, String eventId, String valor) {
        return new GeneratedEvent(EventType.CANCELADO, id, eventId, "p", 1, 1000, 1, new BigDecimal(valor),
                LocalDate.of(2025, 6, 2), "FRAUDE", AT);
    }

    private static GeneratedEvent negociado(String id, String eventId, String valor) {
        return new GeneratedEvent(EventType.NEGOCIADO, id, eventId, "p", 1, 1000, 1, new BigDecimal(valor),
                LocalDate.of(2025, 6, 3), null, AT);
    }

    private static ReceivableExpectation only(GeneratedEvent... events) {
        List<ReceivableExpectation> expectation = ExpectationBuilder.of(List.of(events));
        assertThat(expectation).hasSize(1);
        return expectation.get(0);
    }

    @Test
    void partialWithADuplicateCountedOnce() {
        assertThat(only(cancelado(ID, "c1", "30.00"), agendado(ID, "100.00"), negociado(ID, "n1", "20.50"),
                cancelado(ID, "c1", "30.00")))
                .isEqualTo(new ReceivableExpectation(ID, new BigDecimal("100.00"), 3, 1, 1, new BigDecimal("30.00"),
                        new BigDecimal("20.50"), new BigDecimal("49.50"), Situacao.PARCIAL,
                        List.of("agendado#" + ID, "cancelado#c1", "negociado#n1")));
    }

    @Test
    void situacaoFollowsTheDesignRules() {
        assertThat(only(agendado(ID, "100.00")).situacao()).isEqualTo(Situacao.DISPONIVEL);
        assertThat(only(agendado(ID, "100.00"), cancelado(ID, "c1", "60.00"), negociado(ID, "n1", "40.00")))
                .satisfies(e -> {
                    assertThat(e.situacao()).isEqualTo(Situacao.ESGOTADO);
                    assertThat(e.valorDisponivel()).isEqualByComparingTo("0");
                });
        assertThat(only(agendado(ID, "100.00"), cancelado(ID, "c1", "60.00"), cancelado(ID, "c2", "40.01")))
                .satisfies(e -> {
                    assertThat(e.situacao()).isEqualTo(Situacao.INCONSISTENTE);
                    assertThat(e.valorDisponivel()).isEqualTo(new BigDecimal("-0.01"));
                    assertThat(e.quantidadeCancelamentos()).isEqualTo(2);
                });
    }

    @Test
    void withoutASchedulingEventTheOriginalIsUnknown() {
        assertThat(only(cancelado(ID, "c1", "5.00"), negociado(ID, "n1", "1.25")))
                .isEqualTo(new ReceivableExpectation(ID, null, 2, 1, 1, new BigDecimal("5.00"), new BigDecimal("1.25"),
                        null, Situacao.SEM_AGENDAMENTO, List.of("cancelado#c1", "negociado#n1")));
    }

    @Test
    void receivablesKeepTheOrderTheyWereFirstSeenIn() {
        String other = "22222222-2222-4222-8222-222222222222";
        List<ReceivableExpectation> expectation = ExpectationBuilder.of(List.of(agendado(other, "1.00"),
                agendado(ID, "2.00"), cancelado(other, "c", "1.00")));
        assertThat(expectation).extracting(ReceivableExpectation::idRecebivel).containsExactly(other, ID);
        assertThat(expectation.get(0).idsCancelamento()).containsExactly("c");
        assertThat(expectation.get(0).idsNegociacao()).isEmpty();
    }
}
