package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The one situacao rule (DESIGN §1.1), decided by amounts: the pipeline and the generator both use it. */
class SituacaoTest {
    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    @Test
    void withoutASchedulingEventItIsSemAgendamentoWhateverElseArrived() {
        assertThat(Situacao.of(null, null)).isEqualTo(Situacao.SEM_AGENDAMENTO);
        assertThat(Situacao.of(null, d("-10.00"))).isEqualTo(Situacao.SEM_AGENDAMENTO);
    }

    @Test
    void eachStateByAmounts() {
        // 100.00 scheduled, nothing taken: disponível = original.
        assertThat(Situacao.of(d("100.00"), d("100.00"))).isEqualTo(Situacao.DISPONIVEL);
        // 100.00 - 30.00 = 70.00: 0 < 70.00 < 100.00.
        assertThat(Situacao.of(d("100.00"), d("70.00"))).isEqualTo(Situacao.PARCIAL);
        // 100.00 - 99.99 = 0.01: still PARCIAL, one cent left.
        assertThat(Situacao.of(d("100.00"), d("0.01"))).isEqualTo(Situacao.PARCIAL);
        // 0.30 - 0.10 - 0.20 = 0.00.
        assertThat(Situacao.of(d("0.30"), d("0.00"))).isEqualTo(Situacao.ESGOTADO);
        // 100.00 - 60.00 - 60.00 = -20.00.
        assertThat(Situacao.of(d("100.00"), d("-20.00"))).isEqualTo(Situacao.INCONSISTENTE);
    }

    @Test
    void aCancellationOfZeroLeavesTheReceivableWhole() {
        // 100.00 - 0.00 = 100.00 = original: nothing was taken, so not PARCIAL (which needs disponível < original).
        assertThat(Situacao.of(d("100.00"), d("100.00"))).isEqualTo(Situacao.DISPONIVEL);
        assertThat(Lifecycle.empty().with(LifecycleTest.agendado("r1", "100.00"))
                .with(LifecycleTest.cancelado("r1", "c0", "0.00")).situacao()).isEqualTo(Situacao.DISPONIVEL);
    }

    @Test
    void aZeroOriginalIsEsgotadoEvenWithNothingCancelled() {
        // disponível = 0.00 decides first: nothing is available to negotiate.
        assertThat(Situacao.of(d("0.00"), d("0.00"))).isEqualTo(Situacao.ESGOTADO);
        assertThat(Lifecycle.empty().with(LifecycleTest.agendado("r1", "0.00")).situacao()).isEqualTo(Situacao.ESGOTADO);
        // 0.00 with a cancellation of 0.01: -0.01 < 0.
        assertThat(Situacao.of(d("0.00"), d("-0.01"))).isEqualTo(Situacao.INCONSISTENTE);
    }

    @Test
    void theGeneratorsExpectationDecidesTheZeroCasesAsThePipelineDoes() {
        ExpectationBuilder b = new ExpectationBuilder();
        b.add(ExpectationBuilderTest.agendado("z1", "0.00"));
        b.add(ExpectationBuilderTest.agendado("z2", "50.00"));
        b.add(ExpectationBuilderTest.cancelado("z2", "c1", "0.00"));
        assertThat(b.build()).extracting(ReceivableExpectation::situacao)
                .containsExactly(Situacao.ESGOTADO, Situacao.DISPONIVEL);
    }
}
