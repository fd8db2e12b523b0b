package io.fluxo.pipeline.transactions;

import io.fluxo.banking.SentRecords;
import io.fluxo.banking.BankTransactionAvro;
import io.fluxo.banking.ParseResult;
import io.fluxo.banking.PayloadFormat;
import io.fluxo.banking.RejectReason;
import io.fluxo.banking.Transaction;
import io.fluxo.banking.TransactionParser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.amount.SubCentPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class TransactionNoiseTest {
    private static final RiskWeights WEIGHTS = RiskWeights.DEFAULTS;
    private static final Schema SCHEMA = BankTransactionAvro.parseSchema(BankTransactionAvro.defaultSchemaText(), "schema");

    private static TransactionPayloads payloads(PayloadFormat format) {
        return new TransactionPayloads(format, format == PayloadFormat.AVRO ? SCHEMA : null);
    }

    private static TransactionParser parser(PayloadFormat format) {
        return format == PayloadFormat.JSON ? TransactionParser.json(65_536, SubCentPolicy.REJECT)
                : TransactionParser.avro(65_536, BankTransactionAvro.defaultSchemaText(), TransactionPayloads.SCHEMA_ID,
                        SubCentPolicy.REJECT);
    }

    private static List<TransactionNoise.Record> all(TransactionsOptions options) {
        TransactionNoise noise = new TransactionNoise(new TransactionsGenerator(options, WEIGHTS, false),
                payloads(options.format()), options, options.count());
        List<TransactionNoise.Record> records = new ArrayList<>();
        noise.forEachRemaining(records::add);
        return records;
    }

    @Test
    void withoutRatesItSendsTheGeneratorsTransactionsAsTheyAre() {
        TransactionsOptions options = TransactionsOptions.defaults(300).withUsers(20);
        List<TransactionNoise.Record> records = all(options);
        TransactionsGenerator plain = new TransactionsGenerator(options, WEIGHTS, false);
        assertThat(records).hasSize(300);
        for (TransactionNoise.Record r : records) {
            Transaction tx = plain.next();
            assertThat(r.kind()).isEqualTo(TransactionNoise.Kind.TRANSACTION);
            assertThat(r.key()).isEqualTo(tx.idUsuarioPagador());
            assertThat(r.value()).isEqualTo(TransactionPayloads.json(tx));
        }
        assertThat(plain.hasNext()).isFalse();
    }

    @Test
    void everyInvalidRecordIsRefusedByTheParserWithTheReasonItWasMadeFor() {
        for (PayloadFormat format : PayloadFormat.values()) {
            TransactionsOptions options = TransactionsOptions.defaults(2_000).withUsers(20).withFormat(format)
                    .withInvalidRate(0.3);
            TransactionParser parser = parser(format);
            Map<RejectReason, Long> seen = new EnumMap<>(RejectReason.class);
            for (TransactionNoise.Record r : all(options)) {
                ParseResult result = parser.parse("bank_transactions", 0, 0, r.value());
                if (r.kind() == TransactionNoise.Kind.INVALID) {
                    assertThat(result).as("%s record of kind %s", format, r.reason())
                            .isInstanceOfSatisfying(ParseResult.Rejected.class,
                                    rejected -> assertThat(rejected.reason()).isEqualTo(r.reason()));
                    seen.merge(r.reason(), 1L, Long::sum);
                } else {
                    assertThat(result).isInstanceOf(ParseResult.Valid.class);
                }
            }
            // 2,000 records at 30 %: about 67 of each of 9 JSON kinds, 150 of each of 4 Avro ones; every kind occurs.
            assertThat(seen.keySet()).as(format.name()).containsExactlyInAnyOrderElementsOf(TransactionNoise.kinds(format));
        }
    }

    @Test
    void aDuplicateIsTheSameKeyAndBytesAsOneOfTheLastSixteenTransactions() {
        TransactionsOptions options = TransactionsOptions.defaults(3_000).withUsers(20).withDuplicateRate(0.2);
        List<TransactionNoise.Record> records = all(options);
        List<TransactionNoise.Record> transactions = new ArrayList<>();
        long duplicates = 0;
        for (TransactionNoise.Record r : records) {
            if (r.kind() == TransactionNoise.Kind.DUPLICATE) {
                duplicates++;
                List<TransactionNoise.Record> recent = transactions.subList(Math.max(0, transactions.size() - 16),
                        transactions.size());
                assertThat(recent).anySatisfy(t -> {
                    assertThat(t.key()).isEqualTo(r.key());
                    assertThat(Arrays.equals(t.value(), r.value())).isTrue();
                });
            } else {
                transactions.add(r);
            }
        }
        assertThat(records.get(0).kind()).isEqualTo(TransactionNoise.Kind.TRANSACTION);
        // Binomial(3000, 0.2): mean 600, standard deviation 21.9; this seed's draw lies within 4 of them.
        assertThat(duplicates).isBetween(513L, 687L);
    }

    @Test
    void theTransactionsAreTheSameWithAndWithoutNoiseAndTheCountsAddUp() {
        TransactionsOptions clean = TransactionsOptions.defaults(1_000).withUsers(20);
        TransactionsOptions noisy = clean.withDuplicateRate(0.1).withInvalidRate(0.1);
        TransactionNoise noise = new TransactionNoise(new TransactionsGenerator(noisy, WEIGHTS, false), payloads(
                PayloadFormat.JSON), noisy, 1_000);
        List<byte[]> sentTransactions = new ArrayList<>();
        long duplicates = 0;
        Map<RejectReason, Long> invalid = new EnumMap<>(RejectReason.class);
        while (noise.hasNext()) {
            TransactionNoise.Record r = noise.next();
            switch (r.kind()) {
                case TRANSACTION -> sentTransactions.add(r.value());
                case DUPLICATE -> duplicates++;
                case INVALID -> invalid.merge(r.reason(), 1L, Long::sum);
            }
        }
        TransactionsGenerator plain = new TransactionsGenerator(clean, WEIGHTS, false);
        for (byte[] value : sentTransactions) {
            assertThat(value).isEqualTo(TransactionPayloads.json(plain.next()));
        }
        SentRecords summary = noise.summary();
        assertThat(summary).isEqualTo(new SentRecords(1_000, sentTransactions.size(), duplicates, invalid));
        assertThat(summary.transactions() + summary.duplicates() + summary.invalidTotal()).isEqualTo(1_000);
    }

    @Test
    void aRunCutShortLeavesOnlyTheLastRecordOutOfItsCounts() {
        TransactionsOptions options = TransactionsOptions.defaults(100).withUsers(20).withInvalidRate(0.5);
        TransactionNoise noise = new TransactionNoise(new TransactionsGenerator(options, WEIGHTS, false),
                payloads(PayloadFormat.JSON), options, 100);
        TransactionNoise.Record last = null;
        for (int i = 0; i < 40; i++) {
            last = noise.next();
        }
        SentRecords all = noise.summary();
        SentRecords cut = noise.summary(39);
        assertThat(cut.records()).isEqualTo(39);
        assertThat(all.transactions() - cut.transactions()).isEqualTo(last.kind() == TransactionNoise.Kind.TRANSACTION ? 1 : 0);
        assertThat(all.invalidTotal() - cut.invalidTotal()).isEqualTo(last.kind() == TransactionNoise.Kind.INVALID ? 1 : 0);
        assertThatThrownBy(() -> noise.summary(38)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot summarise 38 of 40 records: only the last one handed out can be left unsent");
    }
}
