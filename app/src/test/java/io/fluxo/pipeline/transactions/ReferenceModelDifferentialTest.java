package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Regions;
import io.fluxo.banking.Modality;
import io.fluxo.banking.Transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.banking.Region;
import io.fluxo.pipeline.transactions.UserSeed.User;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference model and the pipeline's rules ({@link Verdicts}, {@link RiskScorer}, {@link PayerProfile}),
 * written apart, must agree exactly on every field of every transaction: verdict, motivo, score, the four
 * components, and the payer's balance and mean after it.
 */
class ReferenceModelDifferentialTest {
    private static final long MINUTE = 60_000;

    /** One transaction as either side decides it; BigDecimal equality, so the scales must agree too. */
    private record Row(String id, boolean aprovada, String motivo, BigDecimal score, BigDecimal amount, BigDecimal hour,
            BigDecimal distance, BigDecimal velocity, BigDecimal saldoAfter, BigDecimal meanAfter) {
    }

    /** Feeds the same transactions to the model and to the pipeline's rules, one payer state each. */
    private static final class Both {
        final RiskWeights weights;
        final ReferenceModel model;
        final Map<String, PayerProfile> profiles = new HashMap<>();
        final List<String> mismatches = new ArrayList<>();
        final List<Verdict> verdicts = new ArrayList<>();

        Both(RiskWeights weights, List<User> users) {
            this.weights = weights;
            this.model = new ReferenceModel(TransactionsGenerator.settings(weights), TransactionsGenerator.places(),
                    TransactionsGenerator.accounts(users));
            users.forEach(u -> profiles.put(u.idUsuario(), PayerProfile.of(u)));
        }

        void process(Transaction tx) {
            ReferenceModel.Outcome o = model.process(TransactionsGenerator.payment(tx));
            Row expected = new Row(o.idTransacao(), o.aprovada(), o.aprovada() ? null : o.motivo().name(), o.scoreRisco(),
                    o.amountRisk(), o.hourRisk(), o.distanceRisk(), o.velocityRisk(), o.saldoAfter(),
                    model.mean(tx.idUsuarioPagador()));
            Verdicts.Decision d = Verdicts.process(profiles.get(tx.idUsuarioPagador()), tx, weights);
            profiles.put(tx.idUsuarioPagador(), d.payerAfter());
            verdicts.add(d.verdict());
            RiskScore s = d.verdict().score();
            Row actual = new Row(tx.idTransacao(), d.verdict().aprovada(),
                    d.verdict().aprovada() ? null : d.verdict().motivo().name(), s.score(), s.amount(), s.hour(),
                    s.distance(), s.velocity(), d.payerAfter().saldo(), d.payerAfter().mean());
            if (!expected.equals(actual)) {
                mismatches.add(tx + "\n  model:    " + expected + "\n  pipeline: " + actual);
            }
        }
    }

    static Stream<Arguments> generatedRuns() {
        return Stream.of(
                Arguments.of(42L, 1000, 0.02, RiskWeights.DEFAULTS),
                Arguments.of(7L, 40, 0.10, RiskWeights.DEFAULTS),
                Arguments.of(2024L, 200, 0.30, new RiskWeights(0.25, 0.25, 0.25, 0.25, 0.35, 5, 3)),
                // A threshold with 5 places, a 1-minute window, saturation at the largest count.
                Arguments.of(99L, 20, 0.05, new RiskWeights(1, 0, 0, 2, 0.12345, 1, 64)),
                // Hour only: every transaction at 06:00 scores exactly the threshold.
                Arguments.of(123L, 1000, 0.02, new RiskWeights(0, 1, 0, 0, 0.6, 10, 5)),
                Arguments.of(5L, 100, 0.20, new RiskWeights(0.7, 0.05, 0.15, 0.1, 0.45, 30, 10)));
    }

    /** 6 runs of 3,000 generated transactions: 18,000. */
    @ParameterizedTest
    @MethodSource("generatedRuns")
    void agreesWithThePipelineOnGeneratedTraffic(long seed, int users, double fraudRate, RiskWeights weights) {
        TransactionsGenerator g = new TransactionsGenerator(
                TransactionsOptions.defaults(3_000).withSeed(seed).withUsers(users).withFraudRate(fraudRate), weights);
        Both both = new Both(weights, g.users());
        g.forEachRemaining(both::process);
        assertThat(both.verdicts).hasSize(3_000);
        assertThat(both.mismatches).isEmpty();
        // And the generator's expectation is the pipeline's verdict.
        for (int i = 0; i < both.verdicts.size(); i++) {
            Verdict v = both.verdicts.get(i);
            TransactionExpectation e = g.expectation().get(i);
            assertThat(new TransactionExpectation(e.idTransacao(), v.aprovada(), v.motivo(), v.score().score(), e.sent())).isEqualTo(e);
        }
    }

    /**
     * 5 runs of 2,000 transactions built to sit on the edges the generator rarely hits: amounts equal to the
     * balance or the limit or one cent over, at the mean or 5 times it; times in the same millisecond or
     * exactly a window apart; any UF, any modality: 10,000.
     */
    @Test
    void agreesWithThePipelineOnTheEdges() {
        RiskWeights[] weights = {RiskWeights.DEFAULTS, new RiskWeights(0, 1, 0, 0, 0.6, 10, 5),
            new RiskWeights(0.5, 0, 0, 0.5, 0.25, 3, 2), new RiskWeights(0.4, 0.1, 0.2, 0.3, 0.2, 10, 5),
            new RiskWeights(1, 1, 1, 1, 0.5, 1440, 64)};
        int compared = 0;
        for (int seed = 1; seed <= weights.length; seed++) {
            Both both = new Both(weights[seed - 1], UserSeed.generate(12, seed));
            playEdges(both, new Random(seed), 2_000);
            assertThat(both.mismatches).as("seed %d", seed).isEmpty();
            compared += both.verdicts.size();
        }
        assertThat(compared).isEqualTo(10_000);
    }

    /** Draws each transaction from the state it meets (so its edges are that state's), then decides it. */
    private static void playEdges(Both both, Random random, int count) {
        List<Region> regions = Regions.all();
        Modality[] modalities = Modality.values();
        long window = both.weights.velocityWindowMillis();
        long[] steps = {0, 0, 1, window - 1, window, window + 1, 7 * MINUTE, 90 * MINUTE};
        BigDecimal cent = new BigDecimal("0.01");
        long clock = TransactionsGenerator.START;
        for (int i = 0; i < count; i++) {
            clock += steps[random.nextInt(steps.length)];
            String payer = UserSeed.userId(1 + 2 * random.nextInt(6)); // odd users pay, even ones receive
            String receiver = UserSeed.userId(2 + 2 * random.nextInt(6));
            PayerProfile p = both.profiles.get(payer);
            Modality modality = modalities[random.nextInt(modalities.length)];
            String region = random.nextBoolean() ? p.homeRegion() : regions.get(random.nextInt(regions.size())).idRegiao();
            BigDecimal mean = p.mean() == null ? new BigDecimal("10.00") : p.mean();
            BigDecimal valor = switch (random.nextInt(9)) {
                case 0 -> p.saldo();
                case 1 -> p.saldo().add(cent);
                case 2 -> p.limitFor(modality);
                case 3 -> p.limitFor(modality).add(cent);
                case 4 -> mean;
                case 5 -> mean.multiply(BigDecimal.valueOf(5));
                case 6 -> mean.multiply(BigDecimal.valueOf(5)).subtract(cent);
                case 7 -> cent;
                default -> BigDecimal.valueOf(1 + random.nextInt(30_000), 2);
            };
            both.process(Transaction.of(TransactionsGenerator.uuid(random), payer, receiver, region, modality, clock,
                    valor.signum() > 0 ? valor : cent));
        }
    }

    @Test
    void agreesOnEveryComponentOverItsWholeRange() {
        ReferenceModel model = new ReferenceModel(TransactionsGenerator.settings(RiskWeights.DEFAULTS),
                TransactionsGenerator.places(), List.of());
        for (Region a : Regions.all()) {
            for (Region b : Regions.all()) {
                assertThat(model.distanceRisk(a.idRegiao(), b.idRegiao())).as("%s-%s", a.idRegiao(), b.idRegiao())
                        .isEqualTo(RiskScorer.distanceComponent(a.idRegiao(), b.idRegiao()));
            }
        }
        // Every 15 minutes around the start and the end of daylight time in 2018/2019, and in 2026.
        for (String from : new String[] {"2018-11-01T00:00:00Z", "2019-02-14T00:00:00Z", "2026-01-04T00:00:00Z"}) {
            long start = Instant.parse(from).toEpochMilli();
            for (long t = start; t < start + 7 * 24 * 60 * MINUTE; t += 15 * MINUTE) {
                assertThat(ReferenceModel.hourRisk(t)).as("%s", Instant.ofEpochMilli(t)).isEqualTo(RiskScorer.hourComponent(t));
            }
        }
        for (String m : new String[] {"0.01", "0.02", "0.03", "0.07", "1.00", "3.00", "33.33", "100.00", "166.67", "999.99"}) {
            BigDecimal mean = new BigDecimal(m);
            long cents = mean.unscaledValue().longValueExact();
            for (long v = 1; v <= 6 * cents + 2; v += Math.max(1, cents / 97)) {
                BigDecimal valor = BigDecimal.valueOf(v, 2);
                assertThat(ReferenceModel.amountRisk(valor, mean)).as("%s against %s", valor, mean)
                        .isEqualTo(RiskScorer.amountComponent(valor, mean));
            }
        }
        for (int saturation = 1; saturation <= PayerProfile.MAX_RECENT; saturation++) {
            for (int n = 0; n <= 70; n++) {
                assertThat(ReferenceModel.velocityRisk(n, saturation)).isEqualTo(RiskScorer.velocityComponent(n, saturation));
            }
        }
        Random random = new Random(3);
        for (int i = 0; i < 5_000; i++) {
            RiskWeights w = new RiskWeights(random.nextInt(11) / 10.0, random.nextInt(11) / 20.0, random.nextInt(101) / 100.0,
                    1 + random.nextInt(3), 0.5, 10, 5);
            BigDecimal[] c = new BigDecimal[4];
            for (int k = 0; k < c.length; k++) {
                c[k] = BigDecimal.valueOf(random.nextInt(10_001), 4);
            }
            assertThat(ReferenceModel.score(TransactionsGenerator.settings(w), c[0], c[1], c[2], c[3]))
                    .isEqualTo(RiskScorer.combine(w, c[0], c[1], c[2], c[3]));
        }
    }
}
