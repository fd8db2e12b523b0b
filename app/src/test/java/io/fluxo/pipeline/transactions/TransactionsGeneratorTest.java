package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Regions;
import io.fluxo.banking.BankTransactionAvro;
import io.fluxo.banking.Modality;
import io.fluxo.banking.ParseResult;
import io.fluxo.banking.PayloadFormat;
import io.fluxo.banking.Transaction;
import io.fluxo.banking.TransactionParser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.amount.SubCentPolicy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TransactionsGeneratorTest {
    private static List<Transaction> generate(TransactionsGenerator generator) {
        List<Transaction> txs = new ArrayList<>();
        generator.forEachRemaining(txs::add);
        return txs;
    }

    private static TransactionsGenerator generator(TransactionsOptions options) {
        return new TransactionsGenerator(options, RiskWeights.DEFAULTS);
    }

    @Test
    void sameSeedAndOptionsGiveTheSameTransactionsAndExpectation() {
        TransactionsOptions options = TransactionsOptions.defaults(3_000).withFraudRate(0.1);
        TransactionsGenerator a = generator(options);
        TransactionsGenerator b = generator(options);
        assertThat(generate(a)).isEqualTo(generate(b));
        assertThat(a.expectation()).isEqualTo(b.expectation()).hasSize(3_000);
        assertThat(a.verdictCounts()).isEqualTo(b.verdictCounts());
    }

    @Test
    void startsWithAFixedFirstTransaction() {
        Transaction first = generator(TransactionsOptions.defaults(1)).next();
        assertThat(first.dataHorario()).isGreaterThan(TransactionsGenerator.START);
        assertThat(Instant.ofEpochMilli(TransactionsGenerator.START)).isEqualTo(Instant.parse("2026-01-05T07:00:00Z"));
        assertThat(first.topic()).isNull();
        assertThat(first).isEqualTo(generator(TransactionsOptions.defaults(5)).next());
    }

    @Test
    void anotherSeedGivesOtherTransactions() {
        List<Transaction> a = generate(generator(TransactionsOptions.defaults(500)));
        List<Transaction> b = generate(generator(TransactionsOptions.defaults(500).withSeed(43)));
        Set<String> ids = a.stream().map(Transaction::idTransacao).collect(Collectors.toSet());
        assertThat(b).noneMatch(t -> ids.contains(t.idTransacao()));
    }

    @Test
    void sendsExactlyTheCountEvenWhenBurstsAreCutShort() {
        for (long count : new long[] {1, 2, 7, 500, 3_001}) {
            for (double rate : new double[] {0, 0.5, 1}) {
                TransactionsGenerator g = generator(TransactionsOptions.defaults(count).withFraudRate(rate));
                assertThat(generate(g)).hasSize((int) count);
                assertThat(g.hasNext()).isFalse();
                assertThat(g.expectation()).hasSize((int) count);
                assertThat(g.verdictCounts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(count);
                assertThatThrownBy(g::next).isInstanceOf(NoSuchElementException.class)
                        .hasMessage("All " + count + " transactions were generated");
            }
        }
    }

    @Test
    void timeNeverGoesBackwardsAndIdsAreUnique() {
        List<Transaction> txs = generate(generator(TransactionsOptions.defaults(20_000).withFraudRate(0.2)));
        for (int i = 1; i < txs.size(); i++) {
            assertThat(txs.get(i).dataHorario()).isGreaterThanOrEqualTo(txs.get(i - 1).dataHorario());
        }
        assertThat(txs.stream().map(Transaction::idTransacao).distinct().count()).isEqualTo(20_000L);
    }

    @Test
    void oddNumberedUsersPayEvenNumberedUsersReceive() {
        TransactionsGenerator g = generator(TransactionsOptions.defaults(10_000).withUsers(10));
        List<Transaction> txs = generate(g);
        Set<String> payers = txs.stream().map(Transaction::idUsuarioPagador).collect(Collectors.toSet());
        Set<String> receivers = txs.stream().map(Transaction::idUsuarioRecebedor).collect(Collectors.toSet());
        assertThat(payers).containsExactlyInAnyOrder("u000001", "u000003", "u000005", "u000007", "u000009");
        assertThat(receivers).containsExactlyInAnyOrder("u000002", "u000004", "u000006", "u000008", "u000010");
        assertThat(TransactionsGenerator.isPayer(1)).isTrue();
        assertThat(TransactionsGenerator.isPayer(2)).isFalse();
        assertThat(g.users()).isEqualTo(UserSeed.generate(10, 42));
    }

    @Test
    void drawsRegionsModalitiesAndAmountsAsDocumented() {
        TransactionsGenerator g = generator(TransactionsOptions.defaults(20_000).withFraudRate(0));
        List<Transaction> txs = generate(g);
        Map<String, String> home = g.users().stream()
                .collect(Collectors.toMap(UserSeed.User::idUsuario, UserSeed.User::idRegiao));
        long atHome = txs.stream().filter(t -> t.idRegiao().equals(home.get(t.idUsuarioPagador()))).count();
        // 85 % at home, plus the draws by population that land on the home UF.
        assertThat(atHome).isBetween(17_200L, 18_000L);
        Map<Modality, Long> modalities = txs.stream()
                .collect(Collectors.groupingBy(Transaction::modalidadePagamento, Collectors.counting()));
        assertThat(modalities.get(Modality.PIX)).isBetween(11_700L, 12_300L);
        assertThat(modalities.get(Modality.TED)).isBetween(2_800L, 3_200L);
        assertThat(modalities.get(Modality.DOC)).isBetween(850L, 1_150L);
        assertThat(modalities.get(Modality.BOLETO)).isBetween(3_800L, 4_200L);
        assertThat(txs).allSatisfy(t -> {
            assertThat(t.valorTransacao().scale()).isEqualTo(2);
            assertThat(t.valorTransacao().signum()).isPositive();
            assertThat(Regions.of(t.idRegiao())).isPresent();
        });
        // Most transactions are approved; every rule fires now and then.
        Map<String, Long> counts = g.verdictCounts();
        assertThat(counts.get("APROVADA")).isGreaterThan(19_000L);
        assertThat(counts.get("SALDO_INSUFICIENTE")).isPositive();
        assertThat(counts.get("LIMITE_EXCEDIDO")).isPositive();
        assertThat(counts.get("SUSPEITA_FRAUDE")).isPositive();
    }

    @Test
    void theFraudRateDrivesFraudLikeEpisodesAndAlerts() {
        long[] fraudLike = new long[3];
        long[] alerts = new long[3];
        double[] rates = {0, 0.02, 0.10};
        for (int i = 0; i < rates.length; i++) {
            TransactionsGenerator g = generator(TransactionsOptions.defaults(30_000).withFraudRate(rates[i]));
            generate(g);
            fraudLike[i] = g.fraudLike();
            alerts[i] = g.verdictCounts().get("SUSPEITA_FRAUDE");
        }
        assertThat(fraudLike[0]).isZero();
        assertThat(fraudLike[1]).isBetween(400L, 700L); // about 2 % of 30,000
        assertThat(fraudLike[2]).isBetween(2_500L, 3_200L); // about 10 %
        // Most episodes are caught: the alerts grow by most of the added fraud-like transactions.
        assertThat(alerts[1] - alerts[0]).isGreaterThan(fraudLike[1] * 6 / 10);
        assertThat(alerts[2] - alerts[0]).isGreaterThan(fraudLike[2] * 6 / 10);
    }

    @Test
    void theExpectationHoldsWhateverTheMicroBatchesAndWhenCreditsArrive() {
        TransactionsOptions options = TransactionsOptions.defaults(6_000).withUsers(40).withFraudRate(0.05);
        TransactionsGenerator g = generator(options);
        List<Transaction> txs = generate(g);
        Map<String, TransactionExpectation> expected = new HashMap<>();
        g.expectation().forEach(e -> expected.put(e.idTransacao(), e));
        for (long seed = 1; seed <= 5; seed++) {
            Map<String, Verdict> actual = replayInMicroBatches(txs, g.users(), 4, new Random(seed));
            assertThat(actual).hasSize(txs.size());
            actual.forEach((id, v) -> {
                TransactionExpectation e = expected.get(id);
                assertThat(new TransactionExpectation(id, v.aprovada(), v.motivo(), v.score().score(), e.sent())).isEqualTo(e);
            });
        }
    }

    /**
     * Plays the pipeline: records are spread over partitions by payer, each micro-batch reads a random
     * number of records from each partition, processes them per payer in order, and the credits of its
     * approved payments reach the receivers only at the end of the batch.
     */
    private static Map<String, Verdict> replayInMicroBatches(List<Transaction> txs, List<UserSeed.User> users,
            int partitions, Random random) {
        List<ArrayDeque<Transaction>> queues = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            queues.add(new ArrayDeque<>());
        }
        txs.forEach(t -> queues.get(Math.floorMod(t.idUsuarioPagador().hashCode(), partitions)).add(t));
        Map<String, PayerProfile> profiles = new HashMap<>();
        users.forEach(u -> profiles.put(u.idUsuario(), PayerProfile.of(u)));
        Map<String, Verdict> verdicts = new HashMap<>();
        while (queues.stream().anyMatch(q -> !q.isEmpty())) {
            Map<String, BigDecimal> credits = new HashMap<>();
            for (ArrayDeque<Transaction> queue : queues) {
                int take = random.nextInt(400);
                for (int i = 0; i < take && !queue.isEmpty(); i++) {
                    Transaction t = queue.poll();
                    Verdicts.Decision d = Verdicts.process(profiles.get(t.idUsuarioPagador()), t, RiskWeights.DEFAULTS);
                    profiles.put(t.idUsuarioPagador(), d.payerAfter());
                    verdicts.put(t.idTransacao(), d.verdict());
                    if (d.verdict().aprovada()) {
                        credits.merge(t.idUsuarioRecebedor(), t.valorTransacao(), BigDecimal::add);
                    }
                }
            }
            credits.forEach((id, amount) -> profiles.put(id, profiles.get(id).credit(amount)));
        }
        return verdicts;
    }

    @Test
    void everyTransactionParsesBackFromJsonAndAvro() {
        TransactionParser json = TransactionParser.json(1024, SubCentPolicy.REJECT);
        TransactionParser avro = TransactionParser.avro(1024, BankTransactionAvro.defaultSchemaText(), 1, SubCentPolicy.REJECT);
        TransactionPayloads jsonPayloads = new TransactionPayloads(PayloadFormat.JSON, null);
        TransactionPayloads avroPayloads = new TransactionPayloads(PayloadFormat.AVRO, BankTransactionAvro.defaultSchema());
        long offset = 0;
        for (Transaction t : generate(generator(TransactionsOptions.defaults(2_000).withFraudRate(0.1)))) {
            Transaction read = new Transaction(t.idTransacao(), t.idUsuarioPagador(), t.idUsuarioRecebedor(), t.idRegiao(),
                    t.modalidadePagamento(), t.dataHorario(), t.valorTransacao(), "bank_transactions", 0, offset);
            assertThat(json.parse("bank_transactions", 0, offset, jsonPayloads.encode(t)))
                    .isEqualTo(new ParseResult.Valid(read));
            assertThat(avro.parse("bank_transactions", 0, offset, avroPayloads.encode(t)))
                    .isEqualTo(new ParseResult.Valid(read));
            offset++;
        }
    }

    @Test
    void keepsNoExpectationForAnUnboundedRun() {
        TransactionsGenerator g = generator(TransactionsOptions.continuous());
        for (int i = 0; i < 1000; i++) {
            assertThat(g.hasNext()).isTrue();
            g.next();
        }
        assertThatThrownBy(g::expectation).isInstanceOf(IllegalStateException.class)
                .hasMessage("This generator does not keep the expectation (unbounded run)");
        assertThatThrownBy(() -> new TransactionsGenerator(TransactionsOptions.continuous(), RiskWeights.DEFAULTS, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot keep the expectation of an unbounded run");
    }
}
