package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class LifecycleTest {
    private static long offset;

    static ReceivableEvent agendado(String id, String amount) {
        return new ReceivableEvent(EventType.AGENDADO, id, id, new BigDecimal(amount), null, "2026-12-01", null, "p-" + id,
                1, 2, 3, "2026-11-21T10:00:00Z", "recebiveis-agendados", 0, offset++);
    }

    static ReceivableEvent cancelado(String id, String cancelId, String amount) {
        return new ReceivableEvent(EventType.CANCELADO, id, cancelId, new BigDecimal(amount), null, "2026-11-21", "CHARGEBACK",
                null, null, null, null, null, "recebiveis-cancelados", 0, offset++);
    }

    private static ReceivableEvent negociado(String id, String negId, String amount) {
        return new ReceivableEvent(EventType.NEGOCIADO, id, negId, new BigDecimal(amount), null, "2026-11-22", null,
                null, null, null, null, null, "recebiveis-negociados", 0, offset++);
    }

    @Test
    void tenPlusTwentyCentsCancelledFromThirtyLeavesExactlyZeroAndEsgotado() {
        Lifecycle l = Lifecycle.empty().with(agendado("r1", "0.30")).with(cancelado("r1", "c1", "0.10"))
                .with(cancelado("r1", "c2", "0.20"));
        assertThat(l.available()).isEqualTo(new BigDecimal("0.00"));
        assertThat(l.totalCancelled()).isEqualTo(new BigDecimal("0.30"));
        assertThat(l.situacao()).isEqualTo(Situacao.ESGOTADO);
        assertThat(l.eventCount()).isEqualTo(3);
    }

    @Test
    void situacaoFollowsTheAmounts() {
        Lifecycle scheduled = Lifecycle.empty().with(agendado("r1", "100.00"));
        assertThat(scheduled.situacao()).isEqualTo(Situacao.DISPONIVEL);
        assertThat(scheduled.available()).isEqualTo(new BigDecimal("100.00"));
        Lifecycle partial = scheduled.with(negociado("r1", "n1", "40.01"));
        assertThat(partial.situacao()).isEqualTo(Situacao.PARCIAL);
        assertThat(partial.available()).isEqualTo(new BigDecimal("59.99"));
        Lifecycle over = partial.with(cancelado("r1", "c1", "60.00"));
        assertThat(over.situacao()).isEqualTo(Situacao.INCONSISTENTE);
        assertThat(over.available()).isEqualTo(new BigDecimal("-0.01"));
        assertThat(scheduled.with(cancelado("r1", "c0", "0.00")).situacao()).isEqualTo(Situacao.DISPONIVEL);
    }

    @Test
    void cancellationBeforeSchedulingIsKeptAndCountedOnceSchedulingArrives() {
        Lifecycle early = Lifecycle.empty().with(cancelado("r1", "c1", "25.00"));
        assertThat(early.situacao()).isEqualTo(Situacao.SEM_AGENDAMENTO);
        assertThat(early.available()).isNull();
        assertThat(early.eventCount()).isEqualTo(1);
        Lifecycle later = early.with(agendado("r1", "100.00"));
        assertThat(later.available()).isEqualTo(new BigDecimal("75.00"));
        assertThat(later.situacao()).isEqualTo(Situacao.PARCIAL);
        assertThat(later.eventCount()).isEqualTo(2);
    }

    @Test
    void theSameEventTwiceCountsOnceAndTheFirstOneWins() {
        Lifecycle once = Lifecycle.empty().with(agendado("r1", "10.00")).with(cancelado("r1", "c1", "1.00"));
        Lifecycle twice = once.with(cancelado("r1", "c1", "9.00")).with(agendado("r1", "99.00"));
        assertThat(twice).isEqualTo(once);
        assertThat(twice.available()).isEqualTo(new BigDecimal("9.00"));
        assertThat(once.contains(cancelado("r1", "c1", "1.00"))).isTrue();
        assertThat(once.contains(cancelado("r1", "c2", "1.00"))).isFalse();
    }

    @Test
    void arrivalOrderDoesNotChangeTheResult() {
        ReceivableEvent a = agendado("r1", "50.00");
        ReceivableEvent c1 = cancelado("r1", "c-b", "10.00");
        ReceivableEvent c2 = cancelado("r1", "c-a", "5.00");
        ReceivableEvent n = negociado("r1", "n1", "35.00");
        Lifecycle forward = Lifecycle.empty().with(a).with(c1).with(c2).with(n);
        Lifecycle backward = Lifecycle.empty().with(n).with(c2).with(c1).with(a);
        assertThat(backward).isEqualTo(forward);
        assertThat(forward.situacao()).isEqualTo(Situacao.ESGOTADO);
    }

    @Test
    void stateSurvivesItsJsonRoundTripExactly() {
        Lifecycle l = Lifecycle.empty().with(agendado("r1", "0.30")).with(cancelado("r1", "c1", "0.10"))
                .with(negociado("r1", "n1", "0.07"));
        LifecycleProcessor.Stored stored = new LifecycleProcessor.Stored(l, 1_764_583_200_123L);
        assertThat(LifecycleProcessor.read(LifecycleProcessor.write(stored))).isEqualTo(stored);
    }

    @Test
    void stateWrittenBeforeDocumentVersionsWereKeptReadsWithVersionZero() throws Exception {
        Lifecycle l = Lifecycle.empty().with(agendado("r1", "0.30"));
        String old = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(l);
        assertThat(LifecycleProcessor.read(old)).isEqualTo(new LifecycleProcessor.Stored(l, 0));
    }

    @Test
    void documentVersionsOnlyGrowEvenWhenTheClockStepsBack() {
        // First document at 10:00:00.000; the next batch at the same ms, then the clock steps back one minute.
        long first = LifecycleProcessor.nextVersion(0, 1_764_583_200_000L);
        assertThat(first).isEqualTo(1_764_583_200_000L);
        assertThat(LifecycleProcessor.nextVersion(first, 1_764_583_200_000L)).isEqualTo(1_764_583_200_001L);
        assertThat(LifecycleProcessor.nextVersion(1_764_583_200_001L, 1_764_583_140_000L)).isEqualTo(1_764_583_200_002L);
        // Time moving on as usual: the batch time wins.
        assertThat(LifecycleProcessor.nextVersion(1_764_583_200_002L, 1_764_583_215_000L)).isEqualTo(1_764_583_215_000L);
    }

    @Test
    void documentCarriesEveryFieldOfTheDesignWithExactCents() {
        Lifecycle l = Lifecycle.empty().with(agendado("r1", "0.30")).with(cancelado("r1", "c1", "0.10"))
                .with(cancelado("r1", "c2", "0.20"));
        ObjectNode doc = LifecycleDocument.of("r1", l, 15_000L, 30_000L, 16_000L);
        assertThat(LifecycleDocument.toJson(doc)).isEqualTo("{\"id_recebivel\":\"r1\",\"id_pagamento\":\"p-r1\","
                + "\"codigo_produto\":1,\"codigo_produto_parceiro\":2,\"modalidade\":3,\"valor_original\":0.30,"
                + "\"data_vencimento\":\"2026-12-01\",\"timestamp\":\"2026-11-21T10:00:00Z\",\"cancelamentos\":["
                + "{\"id_cancelamento\":\"c1\",\"data_cancelamento\":\"2026-11-21\",\"valor_cancelado\":0.10,\"motivo\":\"CHARGEBACK\"},"
                + "{\"id_cancelamento\":\"c2\",\"data_cancelamento\":\"2026-11-21\",\"valor_cancelado\":0.20,\"motivo\":\"CHARGEBACK\"}],"
                + "\"negociacoes\":[],\"quantidade_eventos\":3,\"quantidade_cancelamentos\":2,\"quantidade_negociacoes\":0,"
                + "\"valor_total_cancelado\":0.30,\"valor_total_negociado\":0.00,\"valor_disponivel\":0.00,"
                + "\"situacao\":\"ESGOTADO\",\"window_start\":15000,\"window_end\":30000,"
                + "\"atualizado_em\":\"1970-01-01T00:00:16Z\"}");
    }

    @Test
    void historyItemKeepsKeysPayloadAndKafkaPosition() {
        ReceivableEvent c = new ReceivableEvent(EventType.CANCELADO, "r1", "c1", new BigDecimal("0.10"), null, "2026-11-21",
                "FRAUDE", "p1", 5, null, null, "2026-11-21T10:00:00Z", "recebiveis-cancelados", 3, 77L);
        assertThat(HistoryItem.toJson(c)).isEqualTo("{\"id_recebivel\":\"r1\",\"evento\":\"cancelado#c1\","
                + "\"tipo_evento\":\"cancelado\",\"id_cancelamento\":\"c1\",\"valor_cancelado\":0.10,"
                + "\"data_cancelamento\":\"2026-11-21\",\"motivo\":\"FRAUDE\",\"id_pagamento\":\"p1\",\"codigo_produto\":5,"
                + "\"timestamp\":\"2026-11-21T10:00:00Z\",\"topic\":\"recebiveis-cancelados\",\"partition\":3,\"offset\":77}");
    }

    @Test
    void aRebuildReadsBackTheAmountAsSentBesideTheRoundedOne() {
        ReceivableEvent n = new ReceivableEvent(EventType.NEGOCIADO, "r1", "n1", new BigDecimal("3252.24"), "3252.2412345678",
                "2026-11-22", null, null, null, null, null, null, "recebiveis-negociados", 1, 9L);
        Map<String, AttributeValue> item = SyntheticReceivables.attributes(HistoryItem.of(n));
        assertThat(item.get("valor_enviado").s()).isEqualTo("3252.2412345678");
        assertThat(item.get("valor_negociado").n()).isEqualTo("3252.24");
        assertThat(LifecycleRebuild.event(item)).isEqualTo(n);
    }
}
