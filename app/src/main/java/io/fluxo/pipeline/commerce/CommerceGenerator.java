package io.fluxo.pipeline.commerce;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sales events (DESIGN §1.4), deterministic for a seed and options: no clock, no locale, StrictMath, so the same
 * arguments give the same records on any machine.
 *
 * <p>Traffic: event time is a simulated clock from {@code start}; new visits arrive at random (exponential gaps)
 * so that about {@code pace} events fall in each second of event time. A visit is a session of one customer
 * {@code c000001..} not already browsing: 1 to 6 page views of products {@code p00001..} (popular ones far more
 * often), about 30 % of the views put the product in the cart (quantity 1 to 3), about 40 % of the cart lines are
 * bought at the end of the session; a session with a cart and no purchase is abandoned. Steps of a session are 2 to
 * 90 s apart (at most a third of the session gap), so well inside one session. A quarter of the visits are by the
 * customer whose last session ended longest ago (a session gap or more before), and 2.5 % of the sessions are
 * followed by another of the same customer exactly one session gap after their last event: new sessions either way. About 1 % of the events fall exactly on a minute boundary. Every 15 to 45 minutes of event time a
 * revenue spike hits one of the five most popular products: 12 to 20 customers view, cart and buy it within one
 * minute. About 2 % of the visits come from an unknown user id ({@code c9…}, ten characters) and 2 % of the viewed
 * products are unknown ({@code p9…}), so enrichment gives nulls. A purchase's amount (and a cart line's) is the
 * catalog price times the quantity; a page view's is 0.00, sent or left out.
 *
 * <p>Each record is, independently: invalid with probability {@code invalidRate} (one of seven kinds the parser
 * refuses, each with its reason); a late event with probability {@code lateRate} (event time the watermark plus 1
 * to 5 minutes behind the newest event time sent so far); else the next event of the simulation, which with
 * probability {@code outOfOrderRate} is held back and sent after newer events, but always while the newest event
 * time sent is less than the watermark ahead of it, so it is never late. Kafka key = user_id.
 */
public final class CommerceGenerator implements Iterator<CommerceGenerator.Sent> {
    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T12:00:00Z");
    public static final int DEFAULT_PRODUCTS = 200;
    public static final int DEFAULT_CUSTOMERS = 2_000;
    public static final long DEFAULT_CATALOG_SEED = 42;
    /** Events per second of event time. */
    public static final double DEFAULT_PACE = 20;
    static final double VIEW_TO_CART = 0.30;
    static final double CART_TO_PURCHASE = 0.40;
    /** Share of visits by a customer whose last session ended a session gap or more before. */
    static final double RETURN = 0.25;
    /** Share of sessions followed by another of the same customer exactly one session gap after their last event. */
    static final double RETURN_AT_GAP = 0.025;
    /** Customers whose session ended, oldest first, kept for returns (at most this many). */
    static final int RESTING = 10_000;
    static final double UNKNOWN_USER = 0.02;
    static final double UNKNOWN_PRODUCT = 0.02;
    static final double ON_THE_MINUTE = 0.01;
    static final double VIEW_WITHOUT_AMOUNT = 0.10;
    /** Expected events of one arrival: 3.5 views, 1.05 cart lines, 0.42 purchases, and the returns at the gap. */
    static final double EVENTS_PER_ARRIVAL = (3.5 + 3.5 * VIEW_TO_CART + 3.5 * VIEW_TO_CART * CART_TO_PURCHASE)
            / (1 - RETURN_AT_GAP);
    static final long MINUTE = 60_000L;
    static final long FIRST_SPIKE = 15 * MINUTE;
    static final long SPIKE_EVERY = 15 * MINUTE;
    static final long SPIKE_SPREAD = 30 * MINUTE;
    static final int SPIKE_PRODUCTS = 5;
    static final long LATE_MIN = MINUTE;
    static final long LATE_MAX = 5 * MINUTE;
    /** The kinds of invalid records, each refused by the parser with this reason. */
    static final List<CommerceReason> INVALID_KINDS = List.of(CommerceReason.NOT_JSON,
            CommerceReason.UNKNOWN_EVENT_TYPE, CommerceReason.NEGATIVE_AMOUNT, CommerceReason.PURCHASE_WITHOUT_AMOUNT,
            CommerceReason.BAD_TIMESTAMP, CommerceReason.MISSING_FIELD, CommerceReason.PAYLOAD_TOO_LARGE);
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * What to generate.
     *
     * @param count records to send, invalid ones included; 0 for an unbounded run
     * @param products catalog products to draw from; must match {@code fluxo seed commerce}
     * @param customers catalog customers to draw from; must match {@code fluxo seed commerce}
     * @param catalogSeed the seed of the catalog ({@code fluxo seed commerce --seed})
     * @param startMillis event time of the first event, epoch milliseconds
     * @param pace events per second of event time
     */
    public record Options(long seed, long count, int products, int customers, long catalogSeed, long startMillis,
            double pace, double outOfOrderRate, double lateRate, double invalidRate) {
        public Options {
            if (count < 0) {
                throw new IllegalArgumentException("Invalid count: " + count + " (must be 0 for unbounded, or more)");
            }
            if (products < 1 || products > CommerceCatalog.MAX_PRODUCTS) {
                throw new IllegalArgumentException("Invalid products: " + products + " (use 1 to "
                        + CommerceCatalog.MAX_PRODUCTS + ")");
            }
            if (customers < 1 || customers > CommerceCatalog.MAX_CUSTOMERS) {
                throw new IllegalArgumentException("Invalid customers: " + customers + " (use 1 to "
                        + CommerceCatalog.MAX_CUSTOMERS + ")");
            }
            if (!(pace > 0) || Double.isInfinite(pace)) {
                throw new IllegalArgumentException("Invalid pace: " + pace + " (events per second of event time, above 0)");
            }
            rate("out-of-order-rate", outOfOrderRate);
            rate("late-rate", lateRate);
            rate("invalid-rate", invalidRate);
            if (lateRate + invalidRate > 1) {
                throw new IllegalArgumentException("Cannot combine late-rate " + lateRate + " with invalid-rate "
                        + invalidRate + ": their sum is over 1");
            }
        }

        private static void rate(String name, double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("Invalid " + name + ": " + rate + " (use 0 to 1)");
            }
        }

        /** The default catalog, start and pace; nothing late, out of order or invalid. */
        public static Options defaults(long count, long seed) {
            return new Options(seed, count, DEFAULT_PRODUCTS, DEFAULT_CUSTOMERS, DEFAULT_CATALOG_SEED,
                    DEFAULT_START.toEpochMilli(), DEFAULT_PACE, 0, 0, 0);
        }

        public boolean unbounded() {
            return count == 0;
        }
    }

    /** How a record relates to the ones sent before it. */
    public enum Kind {
        /** At or after the newest event time sent so far. */
        IN_ORDER,
        /** Behind the newest event time sent so far, by less than the watermark. */
        OUT_OF_ORDER,
        /** The watermark plus 1 to 5 minutes behind the newest event time sent so far. */
        LATE,
        INVALID
    }

    /**
     * One record to send.
     *
     * @param event the valid event it carries; null for an invalid record
     * @param reason why the parser refuses it; null for a valid event
     */
    public record Sent(String key, byte[] value, Kind kind, CommerceExpectation.Event event, CommerceReason reason) {
        public Sent {
            requireNonNull(key, "key");
            requireNonNull(value, "value");
            requireNonNull(kind, "kind");
            if ((event == null) == (reason == null)) {
                throw new IllegalArgumentException("A record has either an event or a reason");
            }
        }
    }

    private record Step(long time, long order, String user, String product, EventType type, BigDecimal amount,
            boolean omitAmount) {
    }

    private record Held(Step step, long releaseAt) {
    }

    private final Options options;
    private final CommerceExpectation.Assumptions assumptions;
    private final int maxPayloadBytes;
    private final SplittableRandom random;
    private final List<CommerceCatalog.Product> products;
    private final Map<String, CommerceCatalog.Product> productsById = new HashMap<>();
    private final Map<String, CommerceCatalog.Customer> customersById = new HashMap<>();
    private final List<CommerceCatalog.Customer> customers;
    private final PriorityQueue<Step> steps = new PriorityQueue<>(
            Comparator.comparingLong(Step::time).thenComparingLong(Step::order));
    /** Held-back events by event time, and the same by release time (steps' order numbers break ties). */
    private final TreeSet<Held> held = new TreeSet<>(
            Comparator.comparingLong((Held h) -> h.step().time()).thenComparingLong(h -> h.step().order()));
    private final TreeSet<Held> releases = new TreeSet<>(
            Comparator.comparingLong(Held::releaseAt).thenComparingLong(h -> h.step().order()));
    private final Map<String, Long> busyUntil = new HashMap<>();
    private final ArrayDeque<String> resting = new ArrayDeque<>();
    private final Map<Kind, Long> kinds = new EnumMap<>(Kind.class);
    private final String idPrefix;
    private final long thinkMin;
    private final long thinkMax;
    private final double arrivalMeanMillis;
    private final List<CommerceExpectation.Event> events;
    private final List<CommerceExpectation.InvalidRecord> invalid;
    private final BitSet valid;
    private long nextArrival;
    private long nextSpike;
    private long newest = Long.MIN_VALUE;
    private long order;
    private long ids;
    private long handedOut;

    /**
     * @param assumptions the pipeline's watermark and session gap (the anomaly rule does not shape the traffic)
     * @param maxPayloadBytes fluxo.commerce.max-payload-bytes: an oversized record is just over it
     * @param keepExpectation whether to keep what was sent for {@link #expectation(long)}; an unbounded run cannot
     */
    public CommerceGenerator(Options options, CommerceExpectation.Assumptions assumptions, int maxPayloadBytes,
            boolean keepExpectation) {
        this.options = requireNonNull(options, "options");
        this.assumptions = requireNonNull(assumptions, "assumptions");
        if (keepExpectation && options.unbounded()) {
            throw new IllegalArgumentException("Cannot keep the expectation of an unbounded run");
        }
        if (maxPayloadBytes < 64) {
            throw new IllegalArgumentException("Invalid max payload bytes: " + maxPayloadBytes + " (at least 64)");
        }
        this.maxPayloadBytes = maxPayloadBytes;
        this.random = new SplittableRandom(options.seed());
        this.products = CommerceCatalog.products(options.products(), options.catalogSeed());
        this.customers = CommerceCatalog.customers(options.customers(), options.catalogSeed());
        products.forEach(p -> productsById.put(p.productId(), p));
        customers.forEach(c -> customersById.put(c.userId(), c));
        this.idPrefix = "ev-" + Long.toHexString(options.seed()) + "-";
        long gap = assumptions.sessionGapMillis();
        this.thinkMax = Math.max(1, Math.min(90_000, gap / 3));
        this.thinkMin = Math.max(1, Math.min(2_000, thinkMax / 2));
        this.arrivalMeanMillis = EVENTS_PER_ARRIVAL * 1000 / options.pace();
        this.nextArrival = options.startMillis();
        this.nextSpike = options.startMillis() + FIRST_SPIKE + random.nextLong(SPIKE_EVERY);
        this.events = keepExpectation ? new ArrayList<>() : null;
        this.invalid = keepExpectation ? new ArrayList<>() : null;
        this.valid = keepExpectation ? new BitSet() : null;
        for (Kind k : Kind.values()) {
            kinds.put(k, 0L);
        }
    }

    public Options options() {
        return options;
    }

    /** Records handed out so far by kind. */
    public Map<Kind, Long> kinds() {
        return Collections.unmodifiableMap(kinds);
    }

    public long handedOut() {
        return handedOut;
    }

    @Override
    public boolean hasNext() {
        return options.unbounded() || handedOut < options.count();
    }

    @Override
    public Sent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("All " + handedOut + " records were generated");
        }
        while (true) {
            Held due = due();
            if (due != null) {
                held.remove(due);
                releases.remove(due);
                return event(due.step(), due.step().time() < newest ? Kind.OUT_OF_ORDER : Kind.IN_ORDER);
            }
            double u = random.nextDouble();
            if (u < options.invalidRate()) {
                return invalid();
            }
            if (u < options.invalidRate() + options.lateRate() && newest != Long.MIN_VALUE) {
                return late();
            }
            Step s = nextStep();
            if (assumptions.watermarkMillis() > 1 && random.nextDouble() < options.outOfOrderRate()) {
                Held h = new Held(s, s.time() + 1 + random.nextLong(assumptions.watermarkMillis() - 1));
                held.add(h);
                releases.add(h);
                continue;
            }
            return event(s, s.time() < newest ? Kind.OUT_OF_ORDER : Kind.IN_ORDER);
        }
    }

    /**
     * The held-back event to send now, if any: every record left to send is held; or the newest event time reached
     * its release; or the next event of the simulation is a watermark or more ahead of it (after that one it would be
     * late).
     */
    private Held due() {
        if (held.isEmpty()) {
            return null;
        }
        Held earliest = held.first();
        if (!options.unbounded() && handedOut + held.size() >= options.count()) {
            return earliest;
        }
        if (releases.first().releaseAt() <= newest) {
            return releases.first();
        }
        return peekStep().time() - earliest.step().time() >= assumptions.watermarkMillis() ? earliest : null;
    }

    private Step peekStep() {
        while (steps.isEmpty() || steps.peek().time() > Math.min(nextArrival, nextSpike)) {
            if (nextSpike <= nextArrival) {
                spike(nextSpike);
                nextSpike += SPIKE_EVERY + random.nextLong(SPIKE_SPREAD);
            } else {
                visit(nextArrival);
                double gap = -StrictMath.log(1 - random.nextDouble()) * arrivalMeanMillis;
                nextArrival += Math.max(1, Math.round(gap));
            }
        }
        return steps.peek();
    }

    private Step nextStep() {
        peekStep();
        return steps.poll();
    }

    /**
     * A new visit: a session of a returning customer (the one whose session ended longest ago, if a session gap has
     * passed since) or of another one; sometimes the same customer comes back exactly a session gap later.
     */
    private void visit(long at) {
        String user = random.nextDouble() < RETURN ? returning(at) : null;
        if (user == null) {
            user = user(at);
        }
        long gap = assumptions.sessionGapMillis();
        long last = session(user, at);
        if (random.nextDouble() < RETURN_AT_GAP) {
            last = session(user, last + gap);
        }
        busyUntil.put(user, last + gap);
        if (resting.size() >= RESTING) {
            resting.pollFirst();
        }
        resting.addLast(user);
    }

    /** The customer who has rested longest, when free at {@code at}; null when none is. */
    private String returning(long at) {
        String user = resting.peekFirst();
        // Busy again (a later visit, a spike) or not rested yet: the ones behind it ended later.
        return user == null || busyUntil.getOrDefault(user, Long.MIN_VALUE) > at ? null : resting.pollFirst();
    }

    /** Schedules one session from {@code at}; the time of its last event. */
    private long session(String user, long at) {
        int views = 1 + random.nextInt(6);
        long t = at;
        List<Step> cart = new ArrayList<>();
        for (int i = 0; i < views; i++) {
            if (i > 0) {
                t = onTheMinuteSometimes(t + think());
            }
            String product = product();
            boolean omit = random.nextDouble() < VIEW_WITHOUT_AMOUNT;
            schedule(t, user, product, EventType.PAGE_VIEW, ZERO, omit);
            if (random.nextDouble() < VIEW_TO_CART) {
                t = onTheMinuteSometimes(t + think());
                BigDecimal amount = price(product).multiply(BigDecimal.valueOf(1 + random.nextInt(3)));
                cart.add(schedule(t, user, product, EventType.ADD_TO_CART, amount, false));
            }
        }
        for (Step line : cart) {
            if (random.nextDouble() < CART_TO_PURCHASE) {
                t = onTheMinuteSometimes(t + think());
                schedule(t, user, line.product(), EventType.PURCHASE, line.amount(), false);
            }
        }
        return t;
    }

    /** 12 to 20 customers view, cart and buy one popular product within the minute after {@code at}. */
    private void spike(long at) {
        long minute = Math.floorDiv(at, MINUTE) * MINUTE + MINUTE;
        String product = CommerceCatalog.productId(1 + random.nextInt(Math.min(SPIKE_PRODUCTS, products.size())));
        int buyers = 12 + random.nextInt(9);
        for (int i = 0; i < buyers; i++) {
            String user = user(minute);
            long t = minute + random.nextLong(20_000);
            schedule(t, user, product, EventType.PAGE_VIEW, ZERO, false);
            BigDecimal amount = price(product).multiply(BigDecimal.valueOf(1 + random.nextInt(3)));
            t += 1_000 + random.nextLong(9_000);
            schedule(t, user, product, EventType.ADD_TO_CART, amount, false);
            t += 1_000 + random.nextLong(9_000);
            schedule(t, user, product, EventType.PURCHASE, amount, false);
            busyUntil.put(user, Math.max(busyUntil.getOrDefault(user, Long.MIN_VALUE), t + assumptions.sessionGapMillis()));
        }
    }

    private Step schedule(long time, String user, String product, EventType type, BigDecimal amount, boolean omit) {
        Step s = new Step(time, order++, user, product, type, amount, omit);
        steps.add(s);
        return s;
    }

    private long think() {
        return thinkMin + random.nextLong(thinkMax - thinkMin + 1);
    }

    private long onTheMinuteSometimes(long t) {
        return random.nextDouble() < ON_THE_MINUTE ? Math.floorDiv(t + MINUTE - 1, MINUTE) * MINUTE : t;
    }

    /** A known customer not in a session at {@code at} when there is one, else any; sometimes an unknown id. */
    private String user(long at) {
        if (random.nextDouble() < UNKNOWN_USER) {
            return unknownUser();
        }
        int first = random.nextInt(customers.size());
        for (int i = 0; i < customers.size(); i++) {
            String id = customers.get((first + i) % customers.size()).userId();
            if (busyUntil.getOrDefault(id, Long.MIN_VALUE) <= at) {
                return id;
            }
        }
        return customers.get(first).userId();
    }

    private String unknownUser() {
        return String.format(Locale.ROOT, "c9%08d", 1 + random.nextInt(99_999_999));
    }

    /** Popular products far more often: index M·u², so p00001 is the most viewed. */
    private String product() {
        if (random.nextDouble() < UNKNOWN_PRODUCT) {
            return String.format(Locale.ROOT, "p9%07d", 1 + random.nextInt(9_999_999));
        }
        double u = random.nextDouble();
        return products.get(Math.min(products.size() - 1, (int) (products.size() * u * u))).productId();
    }

    /** The catalog price; for an unknown product a price from its id, the same each time. */
    private BigDecimal price(String product) {
        CommerceCatalog.Product p = productsById.get(product);
        if (p != null) {
            return p.price();
        }
        return BigDecimal.valueOf(500 + Math.floorMod(product.hashCode(), 9_500), 2);
    }

    private Sent event(Step s, Kind kind) {
        CommerceExpectation.Event e = new CommerceExpectation.Event(nextId(), s.user(), s.product(), s.type(),
                s.amount(), s.time());
        newest = Math.max(newest, s.time());
        return valid(e, payload(e, s.omitAmount()), kind);
    }

    private Sent late() {
        long behind = assumptions.watermarkMillis() + LATE_MIN + random.nextLong(LATE_MAX - LATE_MIN + 1);
        double u = random.nextDouble();
        EventType type = u < 0.6 ? EventType.PAGE_VIEW : u < 0.85 ? EventType.ADD_TO_CART : EventType.PURCHASE;
        String user = random.nextDouble() < UNKNOWN_USER ? unknownUser()
                : customers.get(random.nextInt(customers.size())).userId();
        String product = product();
        BigDecimal amount = type == EventType.PAGE_VIEW ? ZERO
                : price(product).multiply(BigDecimal.valueOf(1 + random.nextInt(3)));
        CommerceExpectation.Event e = new CommerceExpectation.Event(nextId(), user, product, type, amount,
                newest - behind);
        return valid(e, payload(e, false), Kind.LATE);
    }

    private Sent valid(CommerceExpectation.Event e, byte[] value, Kind kind) {
        if (events != null) {
            events.add(e);
            valid.set(Math.toIntExact(handedOut));
        }
        return handOut(new Sent(e.userId(), value, kind, e, null));
    }

    /** One record of a kind the parser refuses, otherwise like a valid one. */
    private Sent invalid() {
        CommerceReason reason = INVALID_KINDS.get(random.nextInt(INVALID_KINDS.size()));
        String id = nextId();
        String user = customers.get(random.nextInt(customers.size())).userId();
        String product = product();
        long time = newest == Long.MIN_VALUE ? options.startMillis() : newest;
        String ts = Instant.ofEpochMilli(time).toString();
        String price = price(product).toPlainString();
        String text = switch (reason) {
            case NOT_JSON -> "{\"event_id\":\"" + id + "\",\"user_id\":\"" + user + "\",\"product_id\":";
            case UNKNOWN_EVENT_TYPE -> json(id, user, product, "refund", price, ts, null);
            case NEGATIVE_AMOUNT -> json(id, user, product, "purchase", "-" + price, ts, null);
            case PURCHASE_WITHOUT_AMOUNT -> json(id, user, product, "purchase", "0.00", ts, null);
            case BAD_TIMESTAMP -> json(id, user, product, "page_view", "0.00",
                    List.of("2026-13-45T25:61:00Z", "yesterday", "2026-01-05 12:00:00").get(random.nextInt(3)), null);
            case MISSING_FIELD -> json(id, user, null, "add_to_cart", price, ts, null);
            case PAYLOAD_TOO_LARGE -> {
                // 1 to 100 bytes over the limit: the padding is ASCII, one byte a character.
                int base = json(id, user, product, "purchase", price, ts, "").length();
                yield json(id, user, product, "purchase", price, ts,
                        "x".repeat(Math.max(0, maxPayloadBytes + 1 + random.nextInt(100) - base)));
            }
            default -> throw new IllegalStateException("No invalid record of kind " + reason);
        };
        byte[] value = text.getBytes(StandardCharsets.UTF_8);
        if (invalid != null) {
            invalid.add(new CommerceExpectation.InvalidRecord(reason, sha256(value)));
        }
        return handOut(new Sent(user, value, Kind.INVALID, null, reason));
    }

    private Sent handOut(Sent s) {
        kinds.merge(s.kind(), 1L, Long::sum);
        handedOut++;
        return s;
    }

    private String nextId() {
        return idPrefix + ids++;
    }

    static byte[] payload(CommerceExpectation.Event e, boolean omitAmount) {
        return json(e.eventId(), e.userId(), e.productId(), e.type().wire(),
                omitAmount ? null : e.amount().toPlainString(), Instant.ofEpochMilli(e.eventTimeMillis()).toString(), null)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The payload's JSON; a null field is left out; amount is written as the number it spells. */
    private static String json(String id, String user, String product, String type, String amount, String timestamp,
            String padding) {
        StringWriter out = new StringWriter(160);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event_id", id);
            g.writeStringField("user_id", user);
            if (product != null) {
                g.writeStringField("product_id", product);
            }
            g.writeStringField("event_type", type);
            if (amount != null) {
                g.writeFieldName("amount");
                g.writeNumber(amount);
            }
            g.writeStringField("timestamp", timestamp);
            if (padding != null) {
                g.writeStringField("padding", padding);
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No SHA-256 in this JVM", e);
        }
    }

    /**
     * What the first {@code sent} records handed out hold (all of them, unless a run ended early), with the catalog's
     * category and segment of every id they name.
     *
     * @throws IllegalStateException when this generator does not keep it
     */
    public CommerceExpectation expectation(long sent) {
        if (events == null) {
            throw new IllegalStateException("This generator does not keep the expectation");
        }
        if (sent < 0 || sent > handedOut) {
            throw new IllegalArgumentException("Invalid sent: " + sent + " (" + handedOut + " records handed out)");
        }
        int validSent = valid.get(0, Math.toIntExact(sent)).cardinality();
        List<CommerceExpectation.Event> kept = events.subList(0, validSent);
        Map<String, String> categories = new TreeMap<>();
        Map<String, String> segments = new TreeMap<>();
        for (CommerceExpectation.Event e : kept) {
            CommerceCatalog.Product p = productsById.get(e.productId());
            if (p != null) {
                categories.put(p.productId(), p.category());
            }
            CommerceCatalog.Customer c = customersById.get(e.userId());
            if (c != null) {
                segments.put(c.userId(), c.segment());
            }
        }
        return new CommerceExpectation(assumptions, kept, categories, segments,
                invalid.subList(0, Math.toIntExact(sent - validSent)));
    }
}
