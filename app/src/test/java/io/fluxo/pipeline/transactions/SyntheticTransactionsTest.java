package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class SyntheticTransactionsTest {
    static final TransactionsOptions OPTIONS = TransactionsOptions.defaults(3_000).withSeed(43);

    @Test
    void rowsAreTheGeneratorsTransactionsWithTheVerdictsThePipelineMustGive() {
        TransactionsGenerator reference = new TransactionsGenerator(OPTIONS, RiskWeights.DEFAULTS, true);
        List<Transaction> sent = new ArrayList<>();
        while (reference.hasNext()) {
            sent.add(reference.next());
        }
        List<TransactionExpectation> expected = reference.expectation();

        SyntheticTransactions synthetic = new SyntheticTransactions(OPTIONS, RiskWeights.DEFAULTS, "bench-raw");
        List<TxOutputRow> rows = new ArrayList<>(synthetic.next(1_000, 1_000L));
        rows.addAll(synthetic.next(2_000, 2_000L));

        assertThat(rows).hasSize(3_000);
        for (int i = 0; i < rows.size(); i++) {
            TxOutputRow row = rows.get(i);
            Transaction tx = sent.get(i);
            TransactionExpectation e = expected.get(i);
            assertThat(row.getKind()).isEqualTo(TxOutputRow.TRANSACTION);
            assertThat(row.getId()).isEqualTo(tx.idTransacao()).isEqualTo(e.idTransacao());
            assertThat(row.getIdUsuarioPagador()).isEqualTo(tx.idUsuarioPagador());
            assertThat(row.getIdUsuarioRecebedor()).isEqualTo(tx.idUsuarioRecebedor());
            assertThat(row.getIdRegiao()).isEqualTo(tx.idRegiao());
            assertThat(row.getModalidade()).isEqualTo(tx.modalidadePagamento().label());
            assertThat(row.getDataHorario()).isEqualTo(tx.dataHorario());
            assertThat(row.getValor()).isEqualTo(tx.valorTransacao());
            assertThat(row.isAprovada()).as(row.getId()).isEqualTo(e.aprovada());
            assertThat(row.getMotivo()).as(row.getId()).isEqualTo(e.motivo() == null ? null : e.motivo().name());
            assertThat(row.getScoreRisco()).as(row.getId()).isEqualTo(e.scoreRisco());
            assertThat(row.getProcessadoEm()).isEqualTo(i < 1_000 ? 1_000L : 2_000L);
            assertThat(row.getTopic()).isEqualTo("bench-raw");
            assertThat(row.getPartition()).isEqualTo(i % 4);
            assertThat(row.getOffset()).isEqualTo(i / 4);
        }
        // The same mix as the pre-load: some fraud alerts among them, so the alerts upsert is measured too.
        assertThat(rows).anyMatch(r -> "SUSPEITA_FRAUDE".equals(r.getMotivo()));
        assertThatThrownBy(() -> synthetic.next(1, 3_000L)).isInstanceOf(NoSuchElementException.class);
    }
}
