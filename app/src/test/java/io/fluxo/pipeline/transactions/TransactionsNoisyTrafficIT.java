package io.fluxo.pipeline.transactions;

import io.fluxo.banking.SentRecords;
import io.fluxo.banking.PayloadFormat;
import io.fluxo.banking.RejectReason;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxo.testing.TransactionsFixture;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * produce --duplicate-rate and --invalid-rate against the real pipeline: a redelivered transaction is decided once
 * (one row, one debit, one credit), every invalid record is a dead letter with the reason it was made for, and the
 * transactions among them get exactly the verdicts of a clean run.
 */
class TransactionsNoisyTrafficIT {

    @Test
    void redeliveriesAreDecidedOnceAndInvalidRecordsAreDeadLetteredByReason() {
        TransactionsFixture f = new TransactionsFixture("tx-noisy", 200, Map.of());
        List<TransactionExpectation> expected = f.produce(TransactionsOptions.defaults(2_500).withUsers(200)
                .withFraudRate(0.05).withDuplicateRate(0.06).withInvalidRate(0.06));
        SentRecords sent = f.lastSent();
        assertThat(sent.records()).isEqualTo(2_500);
        assertThat(sent.duplicates()).isPositive();
        assertThat(sent.invalid().keySet()).containsExactlyInAnyOrderElementsOf(TransactionNoise.kinds(PayloadFormat.JSON));

        f.drain();

        Map<String, String> verdicts = f.verdicts();
        assertThat(TransactionsFixture.differences(TransactionsFixture.expected(expected), verdicts)).isEmpty();
        assertThat(verdicts).hasSize((int) sent.transactions());
        long approved = expected.stream().filter(TransactionExpectation::aprovada).count();
        assertThat(f.records(TransactionsSettings.of(f.config).ledgerTopic())).hasSize((int) approved);
        Map<RejectReason, Long> letters = new TreeMap<>();
        for (JsonNode letter : f.records(TransactionsSettings.of(f.config).dlqTopic())) {
            letters.merge(RejectReason.valueOf(letter.path("reason").asText()), 1L, Long::sum);
        }
        assertThat(letters).isEqualTo(sent.invalid());
    }
}
