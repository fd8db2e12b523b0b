package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Regions;
import io.fluxo.banking.Modality;
import io.fluxo.banking.Transaction;
import io.fluxo.banking.TransactionSent;
import static java.util.Objects.requireNonNull;

import io.fluxo.banking.Region;
import io.fluxo.pipeline.transactions.UserSeed.User;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;

/**
 * Bank transactions (DESIGN §1.2), deterministic for a seed, options and risk weights, without Kafka or
 * a database: the users are {@link UserSeed#generate(int, long)}, the ones {@code fluxo seed users} wrote.
 *
 * <p>Traffic: odd-numbered users pay, even-numbered users receive (see below why). Each transaction picks a
 * payer and a receiver uniformly; its UF is the payer's home UF 85 % of the time, otherwise one drawn by
 * population; modality PIX 60 %, TED 15 %, DOC 5 %, Boleto 20 %; amount exponential around the payer's
 * habit, in whole cents. The habit is sized so that a bounded run spends about 80 % of a payer's balance
 * ({@code 0.8 × saldo ÷ expected transactions per payer}, at most a quarter of the payer's smallest limit,
 * at least 1.00): some payers run dry (SALDO_INSUFICIENTE) and a few amounts exceed a limit
 * (LIMITE_EXCEDIDO) without either drowning the rest. data_horario starts at 2026-01-05 04:00 in
 * America/Sao_Paulo and advances by exponential gaps, never backwards: each payer transacts about once per
 * {@value #DAY_SECONDS_PER_PAYER_TRANSACTION} s in daytime, three times less often from 00:00 to 05:59 (so
 * every run begins with night-time traffic, where the hour component weighs in, episodes included).
 *
 * <p>Fraud-like episodes make up about {@code fraudRate} of the transactions (a little less early in a run,
 * while few payers have a history): a burst of 3 to 6 PIX payments from one payer with a history, 5 to 60 s apart, to one receiver, from
 * a UF at least half the country away from the payer's home, each 6 to 12 times the payer's mean (capped by
 * the PIX limit and the balance, so most end as SUSPEITA_FRAUDE rather than LIMITE_EXCEDIDO).
 *
 * <p>The expectation is computed by {@link ReferenceModel}, the rules written again apart from the
 * pipeline's classes, over the transactions in the order they are sent, so a run checks the rules as well
 * as the streaming machinery (state, ordering per payer, restarts, replays, the ledger). It is exact
 * whatever the micro-batch boundaries because a verdict never depends on a credit: credits reach a
 * receiver's balance through the ledger at a time that depends on batching and on how far each
 * Kafka partition was read, and payers here never receive. Everything else a verdict reads — balance minus
 * the payer's own approved payments, the mean of them, the times of the payer's earlier transactions — is
 * in the payer's own order, which Kafka keeps (key = payer, one partition).
 */
public final class TransactionsGenerator implements Iterator<Transaction> {
    static final long START = ZonedDateTime.of(2026, 1, 5, 4, 0, 0, 0, ReferenceModel.ZONE).toInstant().toEpochMilli();
    static final int DAY_SECONDS_PER_PAYER_TRANSACTION = 1200;
    static final double HOME_REGION_SHARE = 0.85;
    static final double SPEND_SHARE = 0.8;
    /** Expected transactions per payer assumed by an unbounded run when sizing habits. */
    static final long UNBOUNDED_TRANSACTIONS_PER_PAYER = 1000;
    static final int MIN_BURST = 3;
    static final int MAX_BURST = 6;
    static final double MEAN_BURST = (MIN_BURST + MAX_BURST) / 2.0;
    static final double MIN_FAR_DISTANCE = 0.5;
    private static final Modality[] MODALITIES = {Modality.PIX, Modality.TED, Modality.DOC, Modality.BOLETO};
    private static final int[] MODALITY_PERCENT = {60, 15, 5, 20};

    private record Scheduled(long time, long order, Transaction transaction) {
    }

    private final TransactionsOptions options;
    private final ReferenceModel model;
    private final Random random;
    private final List<User> users;
    private final List<User> payers = new ArrayList<>();
    private final List<User> receivers = new ArrayList<>();
    private final Map<String, Double> habit = new HashMap<>();
    private final Map<String, List<Region>> farRegions = new HashMap<>();
    private final PriorityQueue<Scheduled> pending = new PriorityQueue<>(
            Comparator.comparingLong(Scheduled::time).thenComparingLong(Scheduled::order));
    private final double dayGapMillis;
    private final List<TransactionExpectation> expectation;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private long clock = START;
    private long nextGap;
    private long emitted;
    private long scheduledCount;
    private long fraudLike;

    /** A generator that keeps the expectation when the run is bounded. */
    public TransactionsGenerator(TransactionsOptions options, RiskWeights weights) {
        this(options, weights, !options.unbounded());
    }

    /**
     * @param weights the pipeline's: the expectation holds only for the weights the pipeline runs with
     * @param keepExpectation whether to keep {@link #expectation()}; it grows with the transactions sent,
     *     so an unbounded run cannot keep it
     */
    public TransactionsGenerator(TransactionsOptions options, RiskWeights weights, boolean keepExpectation) {
        this.options = requireNonNull(options, "options");
        requireNonNull(weights, "weights");
        if (keepExpectation && options.unbounded()) {
            throw new IllegalArgumentException("Cannot keep the expectation of an unbounded run");
        }
        this.random = new Random(options.seed());
        this.users = UserSeed.generate(options.users(), options.usersSeed());
        this.model = new ReferenceModel(settings(weights), places(), accounts(users));
        for (int i = 0; i < users.size(); i++) {
            (i % 2 == 0 ? payers : receivers).add(users.get(i));
        }
        long perPayer = options.unbounded() ? UNBOUNDED_TRANSACTIONS_PER_PAYER
                : Math.max(1, (options.count() + payers.size() - 1) / payers.size());
        for (User payer : payers) {
            double minLimit = Collections.min(List.of(payer.limitePix(), payer.limiteTed(), payer.limiteDoc(),
                    payer.limiteBoleto())).doubleValue();
            double h = Math.min(SPEND_SHARE * payer.saldo().doubleValue() / perPayer, minLimit / 4);
            habit.put(payer.idUsuario(), Math.max(1.0, h));
        }
        this.dayGapMillis = DAY_SECONDS_PER_PAYER_TRANSACTION * 1000.0 / payers.size();
        this.nextGap = gap();
        this.expectation = keepExpectation ? new ArrayList<>() : null;
        counts.put("APROVADA", 0L);
        for (ReferenceModel.Refusal m : ReferenceModel.Refusal.values()) {
            counts.put(m.name(), 0L);
        }
    }

    /** The users of the run, as {@code fluxo seed users} wrote them. */
    public List<User> users() {
        return users;
    }

    /** Whether the user numbered {@code n} (u00000n) pays in generated traffic; the others only receive. */
    public static boolean isPayer(int n) {
        return n % 2 == 1;
    }

    public TransactionsOptions options() {
        return options;
    }

    public long emitted() {
        return emitted;
    }

    /** Transactions handed out so far that belong to fraud-like episodes. */
    public long fraudLike() {
        return fraudLike;
    }

    /** Verdicts of the transactions handed out so far: APROVADA, SALDO_INSUFICIENTE, LIMITE_EXCEDIDO, SUSPEITA_FRAUDE. */
    public Map<String, Long> verdictCounts() {
        return Collections.unmodifiableMap(counts);
    }

    /**
     * The verdict of every transaction handed out so far, in order.
     *
     * @throws IllegalStateException when this generator does not keep it
     */
    public List<TransactionExpectation> expectation() {
        if (expectation == null) {
            throw new IllegalStateException("This generator does not keep the expectation (unbounded run)");
        }
        return Collections.unmodifiableList(expectation);
    }

    @Override
    public boolean hasNext() {
        return !pending.isEmpty() || budget() > 0;
    }

    @Override
    public Transaction next() {
        if (!hasNext()) {
            throw new NoSuchElementException("All " + emitted + " transactions were generated");
        }
        Scheduled head = pending.peek();
        if (head != null && (head.time() <= clock + nextGap || budget() <= 0)) {
            pending.poll();
            clock = Math.max(clock, head.time());
            fraudLike++;
            return emit(head.transaction());
        }
        clock += nextGap;
        nextGap = gap();
        if (random.nextDouble() < episodeChance()) {
            Transaction first = startEpisode();
            if (first != null) {
                fraudLike++;
                return emit(first);
            }
        }
        return emit(normal());
    }

    private long budget() {
        return options.unbounded() ? Long.MAX_VALUE : options.count() - emitted - pending.size();
    }

    /** Per normal step, so that episodes of {@link #MEAN_BURST} make up about fraudRate of all transactions. */
    private double episodeChance() {
        double rate = options.fraudRate();
        return rate >= 1 ? 1 : rate / (MEAN_BURST * (1 - rate));
    }

    private Transaction emit(Transaction tx) {
        ReferenceModel.Outcome outcome = model.process(payment(tx));
        counts.merge(outcome.aprovada() ? "APROVADA" : outcome.motivo().name(), 1L, Long::sum);
        if (expectation != null) {
            expectation.add(new TransactionExpectation(tx.idTransacao(), outcome.aprovada(),
                    outcome.aprovada() ? null : Motivo.valueOf(outcome.motivo().name()), outcome.scoreRisco(),
                    TransactionSent.of(tx)));
        }
        emitted++;
        return tx;
    }

    private Transaction normal() {
        User payer = payers.get(random.nextInt(payers.size()));
        User receiver = receivers.get(random.nextInt(receivers.size()));
        String region = random.nextDouble() < HOME_REGION_SHARE ? payer.idRegiao()
                : Regions.regionAt(random.nextInt((int) Regions.totalPopulation())).idRegiao();
        Modality modality = modality();
        double mean = habit.get(payer.idUsuario());
        BigDecimal amount = cents(-mean * StrictMath.log(1 - random.nextDouble()));
        return Transaction.of(uuid(random), payer.idUsuario(), receiver.idUsuario(), region, modality, clock, amount);
    }

    /**
     * Schedules a burst and returns its first transaction, or null when no payer can carry one (nobody has a
     * history yet, or the budget is spent).
     */
    private Transaction startEpisode() {
        long budget = budget();
        if (budget < 1) {
            return null;
        }
        User payer = null;
        for (int attempt = 0; attempt < 20 && payer == null; attempt++) {
            User candidate = payers.get(random.nextInt(payers.size()));
            String id = candidate.idUsuario();
            if (model.approvedCount(id) > 0
                    && model.saldo(id).compareTo(model.mean(id).multiply(BigDecimal.valueOf(6))) >= 0) {
                payer = candidate;
            }
        }
        if (payer == null) {
            return null;
        }
        int size = (int) Math.min(MIN_BURST + random.nextInt(MAX_BURST - MIN_BURST + 1), budget);
        User receiver = receivers.get(random.nextInt(receivers.size()));
        List<Region> far = farRegions.computeIfAbsent(payer.idRegiao(), this::farFrom);
        String region = far.get(random.nextInt(far.size())).idRegiao();
        BigDecimal cap = payer.limitePix().min(model.saldo(payer.idUsuario()));
        double mean = model.mean(payer.idUsuario()).doubleValue();
        long time = clock;
        Transaction first = null;
        for (int i = 0; i < size; i++) {
            BigDecimal amount = cents(mean * (6 + 6 * random.nextDouble())).min(cap);
            Transaction tx = Transaction.of(uuid(random), payer.idUsuario(), receiver.idUsuario(), region, Modality.PIX,
                    time, amount);
            if (i == 0) {
                first = tx;
            } else {
                pending.add(new Scheduled(time, scheduledCount++, tx));
            }
            time += 5_000 + random.nextInt(55_001);
        }
        return first;
    }

    private Modality modality() {
        int p = random.nextInt(100);
        for (int i = 0; i < MODALITIES.length; i++) {
            p -= MODALITY_PERCENT[i];
            if (p < 0) {
                return MODALITIES[i];
            }
        }
        throw new AssertionError("modality mix does not add up to 100");
    }

    /** An exponential gap in ms, longer at night (less traffic), at least 1 ms so time always moves. */
    private long gap() {
        double factor = switch (Instant.ofEpochMilli(clock).atZone(ReferenceModel.ZONE).getHour()) {
            case 0, 1, 2, 3, 4, 5 -> 3.0;
            case 6, 7, 20, 21, 22, 23 -> 1.5;
            default -> 1.0;
        };
        return Math.max(1, Math.round(-dayGapMillis * factor * StrictMath.log(1 - random.nextDouble())));
    }

    private List<Region> farFrom(String home) {
        List<Region> far = Regions.all().stream()
                .filter(r -> model.distanceRisk(r.idRegiao(), home).doubleValue() >= MIN_FAR_DISTANCE)
                .toList();
        if (far.isEmpty()) {
            throw new IllegalStateException("No UF is at least half the country away from " + home);
        }
        return far;
    }

    /** The weights as the decimals they are written as (0.4, not the nearest double), like the pipeline. */
    static ReferenceModel.Settings settings(RiskWeights w) {
        return new ReferenceModel.Settings(BigDecimal.valueOf(w.amount()), BigDecimal.valueOf(w.hour()),
                BigDecimal.valueOf(w.distance()), BigDecimal.valueOf(w.velocity()), BigDecimal.valueOf(w.threshold()),
                w.velocityWindowMillis(), w.velocitySaturation());
    }

    /** The capitals of the 27 UFs, as in the regioes table. */
    static List<ReferenceModel.Place> places() {
        return Regions.all().stream()
                .map(r -> new ReferenceModel.Place(r.idRegiao(), r.latitude(), r.longitude()))
                .toList();
    }

    static List<ReferenceModel.Account> accounts(List<User> users) {
        return users.stream()
                .map(u -> new ReferenceModel.Account(u.idUsuario(), u.idRegiao(), u.saldo(), u.limitePix(), u.limiteTed(),
                        u.limiteDoc(), u.limiteBoleto()))
                .toList();
    }

    static ReferenceModel.Payment payment(Transaction tx) {
        return new ReferenceModel.Payment(tx.idTransacao(), tx.idUsuarioPagador(), tx.idUsuarioRecebedor(), tx.idRegiao(),
                tx.modalidadePagamento().label(), tx.dataHorario(), tx.valorTransacao());
    }

    /** Whole cents, at least 0.01. */
    private static BigDecimal cents(double reais) {
        BigDecimal amount = BigDecimal.valueOf(reais).setScale(2, RoundingMode.HALF_UP);
        return amount.signum() > 0 ? amount : new BigDecimal("0.01");
    }

    /** A version 4 UUID from the seeded stream (UUID.randomUUID cannot be seeded). */
    static String uuid(Random random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
