package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.testing.ReceivablesFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the generator sent, the pipeline wrote: every document and history item as the generator expects. */
class ReceivablesEndToEndIT {

    @Test
    void generatedEventsEndToEndEqualTheGeneratorsExpectation() {
        ReceivablesFixture f = new ReceivablesFixture("e2e");
        List<ReceivableExpectation> expected = f.produce(ReceivablesOptions.defaults(3_000).withSeed(7)
                .withOutOfOrderRate(0.10).withDuplicateRate(0.05).withOverAllocationRate(0.02));

        f.drain();

        VerifyResult result = f.verify(expected);
        assertThat(result.mismatches()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(result.matched()).isEqualTo(expected.size());
        assertThat(f.documents()).hasSize(expected.size());
        assertThat(f.historyItems()).hasSize((int) result.historyItems());
        assertThat(expected).extracting(ReceivableExpectation::situacao).map(Object::toString)
                .contains("DISPONIVEL", "PARCIAL", "ESGOTADO", "INCONSISTENTE");
        assertThat(f.deadLetters()).isEmpty();
    }
}
