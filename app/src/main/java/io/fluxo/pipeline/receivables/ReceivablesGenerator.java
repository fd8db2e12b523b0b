package io.fluxo.pipeline.receivables;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;

/**
 * Receivable events, deterministic for a seed and options, without Kafka: every receivable gets a
 * scheduling event, and some get cancellations and negotiations whose sum never exceeds the original
 * amount, unless the receivable was picked for over-allocation.
 *
 * <p>Follow-up events come a few hundred events after their receivable's scheduling event, so that a
 * pipeline sees them in later windows; out-of-order ones come before it, duplicates after their original.
 * Content (ids, amounts, dates) and order are drawn from two separate random streams, so turning the
 * out-of-order or duplicate rate up reorders the same receivables instead of making new ones.
 *
 * <p>A bounded run sends exactly {@code count} events: when the count is nearly reached no new receivable
 * is started (the last one may lose trailing follow-ups) and every event still scheduled is sent, so each
 * out-of-order follow-up still gets its scheduling event. Only {@code timestamp} depends on the clock.
 */
public final class ReceivablesGenerator implements Iterator<GeneratedEvent> {
    /** The latest position, in events, by which a deferred event is sent after it was scheduled. */
    static final int MAX_GAP = 500;
    /** At most this many cancellations, and as many negotiations, per receivable. */
    static final int MAX_FOLLOW_UPS_PER_KIND = 4;
    static final long MIN_ORIGINAL_CENTS = 1_000;
    static final long MAX_ORIGINAL_CENTS = 1_000_000;
    /** Share of cancellations that take all that is left, and of negotiations; makes ESGOTADO receivables. */
    static final double CANCEL_ALL_RATE = 0.25;
    static final double NEGOTIATE_ALL_RATE = 0.10;
    static final LocalDate BASE_DATE = LocalDate.of(2025, 1, 1);
    static final List<String> MOTIVOS = List.of("SOLICITACAO_CLIENTE", "CHARGEBACK", "FRAUDE",
            "DESACORDO_COMERCIAL", "ERRO_PROCESSAMENTO");

    private static final class Scheduled {
        final long due;
        final long order;
        final GeneratedEvent event;
        final Scheduled original;
        Instant sentAt;

        Scheduled(long due, long order, GeneratedEvent event, Scheduled original) {
            this.due = due;
            this.order = order;
            this.event = event;
            this.original = original;
        }
    }

    private final ReceivablesOptions options;
    private final Clock clock;
    private final Random content;
    private final Random ordering;
    private final PriorityQueue<Scheduled> pending = new PriorityQueue<>(
            Comparator.<Scheduled>comparingLong(s -> s.due).thenComparingLong(s -> s.order));
    private final ExpectationBuilder expectation;
    private long emitted;
    private long scheduledCount;
    private long receivables;

    /** A generator that keeps the expectation when the run is bounded. */
    public ReceivablesGenerator(ReceivablesOptions options, Clock clock) {
        this(options, clock, !options.unbounded());
    }

    /**
     * @param keepExpectation whether to fold sent events into {@link #expectation()}; memory grows with
     *     the receivables sent, so an unbounded run cannot keep it
     */
    public ReceivablesGenerator(ReceivablesOptions options, Clock clock, boolean keepExpectation) {
        this.options = requireNonNull(options, "options");
        this.clock = requireNonNull(clock, "clock");
        if (keepExpectation && options.unbounded()) {
            throw new IllegalArgumentException("Cannot keep the expectation of an unbounded run");
        }
        this.content = new Random(options.seed());
        // A fixed, different stream for the order: decisions about order never shift the content.
        this.ordering = new Random(options.seed() * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        this.expectation = keepExpectation ? new ExpectationBuilder() : null;
    }

    public ReceivablesOptions options() {
        return options;
    }

    /** Events handed out so far. */
    public long emitted() {
        return emitted;
    }

    /** Receivables started so far (each with a scheduling event, sent or still scheduled). */
    public long receivables() {
        return receivables;
    }

    @Override
    public boolean hasNext() {
        return !pending.isEmpty() || canStartReceivable();
    }

    @Override
    public GeneratedEvent next() {
        while (true) {
            Scheduled head = pending.peek();
            if (head != null && (head.due <= emitted || !canStartReceivable())) {
                return emit(pending.poll());
            }
            if (!canStartReceivable()) {
                throw new NoSuchElementException("All " + emitted + " events were generated");
            }
            startReceivable();
        }
    }

    /**
     * What the sinks must hold for the events handed out so far.
     *
     * @throws IllegalStateException when this generator does not keep it
     */
    public List<ReceivableExpectation> expectation() {
        return expectationBuilder().build();
    }

    /** Distinct events handed out so far: the history items DynamoDB must hold. */
    public long historyItems() {
        return expectationBuilder().historyItems();
    }

    private ExpectationBuilder expectationBuilder() {
        if (expectation == null) {
            throw new IllegalStateException("This generator does not keep the expectation (unbounded run)");
        }
        return expectation;
    }

    private GeneratedEvent emit(Scheduled s) {
        Instant now = s.original != null ? s.original.sentAt : clock.instant().truncatedTo(ChronoUnit.MILLIS);
        s.sentAt = now;
        GeneratedEvent event = s.event.withTimestamp(now);
        emitted++;
        if (expectation != null) {
            expectation.add(event);
        }
        return event;
    }

    private long budget() {
        return options.unbounded() ? Long.MAX_VALUE : options.count() - emitted - pending.size();
    }

    private boolean canStartReceivable() {
        return budget() > 0;
    }

    /** Draws one receivable with its follow-ups and schedules as many of its events as the budget allows. */
    private void startReceivable() {
        receivables++;
        String id = uuid(content);
        String pagamento = uuid(content);
        int produto = 1 + content.nextInt(20);
        int parceiro = 1000 + content.nextInt(9000);
        int modalidade = 1 + content.nextInt(5);
        long originalCents = MIN_ORIGINAL_CENTS + content.nextInt((int) (MAX_ORIGINAL_CENTS - MIN_ORIGINAL_CENTS + 1));
        int dueInDays = 1 + content.nextInt(360);
        boolean overAllocated = content.nextDouble() < options.overAllocationRate();
        int cancellations = repeats(options.cancelRate());
        int negotiations = repeats(options.negotiateRate());
        if (overAllocated && cancellations + negotiations == 0) {
            if (content.nextBoolean()) {
                cancellations = 1;
            } else {
                negotiations = 1;
            }
        }
        List<EventType> kinds = new ArrayList<>(cancellations + negotiations);
        kinds.addAll(Collections.nCopies(cancellations, EventType.CANCELADO));
        kinds.addAll(Collections.nCopies(negotiations, EventType.NEGOCIADO));
        Collections.shuffle(kinds, content);

        List<GeneratedEvent> events = new ArrayList<>(1 + kinds.size());
        events.add(new GeneratedEvent(EventType.AGENDADO, id, id, pagamento, produto, parceiro, modalidade,
                BigDecimal.valueOf(originalCents, 2), BASE_DATE.plusDays(dueInDays), null, null));
        long remaining = originalCents;
        for (int i = 0; i < kinds.size() && remaining > 0; i++) {
            EventType kind = kinds.get(i);
            boolean last = i == kinds.size() - 1;
            long cents;
            if (overAllocated && last) {
                cents = remaining + 1 + content.nextInt((int) (originalCents / 2));
            } else if (!overAllocated
                    && content.nextDouble() < (kind == EventType.CANCELADO ? CANCEL_ALL_RATE : NEGOTIATE_ALL_RATE)) {
                cents = remaining;
            } else {
                // At most 60 % of what is left, so something is always left (from 1 cent, all of it).
                cents = 1 + content.nextInt((int) Math.max(1, remaining * 6 / 10));
            }
            remaining -= cents;
            String eventId = uuid(content);
            LocalDate date = BASE_DATE.plusDays(content.nextInt(dueInDays + 1));
            String motivo = kind == EventType.CANCELADO ? MOTIVOS.get(content.nextInt(MOTIVOS.size())) : null;
            events.add(new GeneratedEvent(kind, id, eventId, pagamento, produto, parceiro, modalidade,
                    BigDecimal.valueOf(cents, 2), date, motivo, null));
        }
        schedule(events);
    }

    private void schedule(List<GeneratedEvent> events) {
        int followUps = events.size() - 1;
        boolean[] outOfOrder = new boolean[followUps];
        boolean anyOutOfOrder = false;
        for (int i = 0; i < followUps; i++) {
            outOfOrder[i] = ordering.nextDouble() < options.outOfOrderRate();
            anyOutOfOrder |= outOfOrder[i];
        }
        boolean[] duplicated = new boolean[events.size()];
        for (int i = 0; i < events.size(); i++) {
            duplicated[i] = ordering.nextDouble() < options.duplicateRate();
        }
        long[] due = new long[events.size()];
        due[0] = emitted + (anyOutOfOrder ? gap() : 0);
        for (int i = 1; i < events.size(); i++) {
            due[i] = outOfOrder[i - 1] ? emitted : due[0] + gap();
        }
        long[] duplicateDue = new long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            duplicateDue[i] = due[i] + gap();
        }

        long budget = budget();
        int kept = (int) Math.min(events.size(), budget);
        budget -= kept;
        Scheduled[] scheduled = new Scheduled[kept];
        for (int i = 0; i < kept; i++) {
            scheduled[i] = new Scheduled(due[i], scheduledCount++, events.get(i), null);
            pending.add(scheduled[i]);
        }
        for (int i = 0; i < kept && budget > 0; i++) {
            if (duplicated[i]) {
                pending.add(new Scheduled(duplicateDue[i], scheduledCount++, events.get(i), scheduled[i]));
                budget--;
            }
        }
    }

    private long gap() {
        return 1 + ordering.nextInt(MAX_GAP);
    }

    private int repeats(double rate) {
        int n = 0;
        while (n < MAX_FOLLOW_UPS_PER_KIND && content.nextDouble() < rate) {
            n++;
        }
        return n;
    }

    /** A version 4 UUID from the seeded stream (UUID.randomUUID cannot be seeded). */
    static String uuid(Random random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
