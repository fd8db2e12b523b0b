package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.amount.SubCentPolicy;
import io.fluxo.pipeline.commerce.CommerceExpectation.Assumptions;
import io.fluxo.pipeline.commerce.CommerceGenerator.Kind;
import io.fluxo.pipeline.commerce.CommerceGenerator.Options;
import io.fluxo.pipeline.commerce.CommerceGenerator.Sent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The commerce generator: deterministic, each record what it claims to be, and traffic of the promised shape. */
class CommerceGeneratorTest {
    private static final Assumptions DEFAULTS = Assumptions.defaults();
    private static final int MAX_PAYLOAD = 1024;

    private static Options noisy(long count, long seed) {
        return new Options(seed, count, 200, 2000, 42, CommerceGenerator.DEFAULT_START.toEpochMilli(), 20, 0.1, 0.05,
                0.1);
    }

    private static List<Sent> all(CommerceGenerator g) {
        List<Sent> sent = new ArrayList<>();
        g.forEachRemaining(sent::add);
        return sent;
    }

    @Test
    void theSameSeedGivesTheSameRecordsAndAnotherSeedOthers() {
        List<Sent> a = all(new CommerceGenerator(noisy(3000, 7), DEFAULTS, MAX_PAYLOAD, false));
        List<Sent> b = all(new CommerceGenerator(noisy(3000, 7), DEFAULTS, MAX_PAYLOAD, false));
        List<Sent> c = all(new CommerceGenerator(noisy(3000, 8), DEFAULTS, MAX_PAYLOAD, false));
        assertThat(a).hasSize(3000);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).key()).isEqualTo(a.get(i).key());
            assertThat(b.get(i).value()).isEqualTo(a.get(i).value());
        }
        assertThat(c.stream().map(s -> new String(s.value())).toList())
                .isNotEqualTo(a.stream().map(s -> new String(s.value())).toList());
    }

    @Test
    void everyRecordParsesAsTheGeneratorRecordedItWithTheUserAsKey() {
        SalesEventParser parser = new SalesEventParser(MAX_PAYLOAD, 256, SubCentPolicy.REJECT);
        CommerceGenerator g = new CommerceGenerator(noisy(6000, 42), DEFAULTS, MAX_PAYLOAD, true);
        List<Sent> sent = all(g);
        Map<CommerceReason, Long> reasons = new EnumMap<>(CommerceReason.class);
        Set<String> ids = new HashSet<>();
        long offset = 0;
        for (Sent s : sent) {
            SalesEventParser.Result r = parser.parse("sales_events", 0, offset++, s.value());
            if (s.event() == null) {
                assertThat(r).isInstanceOf(SalesEventParser.Rejected.class);
                assertThat(((SalesEventParser.Rejected) r).reason()).as(new String(s.value())).isEqualTo(s.reason());
                reasons.merge(s.reason(), 1L, Long::sum);
                continue;
            }
            assertThat(r).as(new String(s.value())).isInstanceOf(SalesEventParser.Valid.class);
            SalesEvent e = ((SalesEventParser.Valid) r).event();
            CommerceExpectation.Event want = s.event();
            assertThat(new CommerceExpectation.Event(e.eventId(), e.userId(), e.productId(), e.type(), e.amount(),
                    e.eventTimeMillis())).isEqualTo(want);
            assertThat(s.key()).isEqualTo(want.userId());
            assertThat(ids.add(want.eventId())).as("unique " + want.eventId()).isTrue();
        }
        assertThat(reasons.keySet()).containsExactlyInAnyOrderElementsOf(CommerceGenerator.INVALID_KINDS);
        CommerceExpectation x = g.expectation(sent.size());
        assertThat(x.invalidCounts()).isEqualTo(reasons);
        assertThat(x.events()).hasSize(sent.size() - (int) reasons.values().stream().mapToLong(Long::longValue).sum());
        // The oversized kind is just over the limit, so the same record under a larger limit is no longer too large.
        assertThat(sent.stream().filter(s -> s.reason() == CommerceReason.PAYLOAD_TOO_LARGE))
                .allMatch(s -> s.value().length > MAX_PAYLOAD && s.value().length <= MAX_PAYLOAD + 200);
    }

    @Test
    void outOfOrderEventsStayWithinTheWatermarkAndLateOnesAreOneToFiveMinutesBeyondIt() {
        List<Sent> sent = all(new CommerceGenerator(noisy(20_000, 3), DEFAULTS, MAX_PAYLOAD, false));
        long newest = Long.MIN_VALUE;
        Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
        for (Sent s : sent) {
            kinds.merge(s.kind(), 1, Integer::sum);
            if (s.event() == null) {
                continue;
            }
            long t = s.event().eventTimeMillis();
            switch (s.kind()) {
                case IN_ORDER -> assertThat(t).isGreaterThanOrEqualTo(newest);
                case OUT_OF_ORDER -> assertThat(newest - t).isBetween(1L, DEFAULTS.watermarkMillis() - 1);
                case LATE -> assertThat(newest - t).isBetween(DEFAULTS.watermarkMillis() + 60_000,
                        DEFAULTS.watermarkMillis() + 300_000);
                default -> throw new AssertionError(s.kind());
            }
            if (s.kind() != Kind.LATE) {
                newest = Math.max(newest, t);
            }
        }
        // 20,000 records: 10 % invalid, 5 % late, 10 % of the rest held back (some of which nothing overtook).
        assertThat(kinds.get(Kind.INVALID)).isBetween(1_800, 2_200);
        assertThat(kinds.get(Kind.LATE)).isBetween(850, 1_150);
        assertThat(kinds.get(Kind.OUT_OF_ORDER)).isBetween(1_000, 1_700);
    }

    @Test
    void trafficHasFunnelsSessionsSpikesAndUnknownIdsOfThePromisedShape() {
        CommerceGenerator g = new CommerceGenerator(Options.defaults(30_000, 42), DEFAULTS, MAX_PAYLOAD, true);
        List<Sent> sent = all(g);
        CommerceExpectation x = g.expectation(sent.size());
        Map<EventType, Integer> types = new EnumMap<>(EventType.class);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int onTheMinute = 0;
        int unknownUsers = 0;
        int unknownProducts = 0;
        for (CommerceExpectation.Event e : x.events()) {
            types.merge(e.type(), 1, Integer::sum);
            first = Math.min(first, e.eventTimeMillis());
            last = Math.max(last, e.eventTimeMillis());
            onTheMinute += e.eventTimeMillis() % 60_000 == 0 ? 1 : 0;
            unknownUsers += x.segment(e.userId()) == null ? 1 : 0;
            unknownProducts += x.category(e.productId()) == null ? 1 : 0;
        }
        assertThat(x.events()).hasSize(30_000);
        assertThat(x.invalid()).isEmpty();
        double viewToCart = types.get(EventType.ADD_TO_CART) / (double) types.get(EventType.PAGE_VIEW);
        double cartToPurchase = types.get(EventType.PURCHASE) / (double) types.get(EventType.ADD_TO_CART);
        assertThat(viewToCart).isBetween(0.27, 0.36);
        assertThat(cartToPurchase).isBetween(0.36, 0.50);
        // 30,000 events at 20 per second of event time: about 25 minutes.
        assertThat((last - first) / 1000.0).isBetween(1_500 * 0.8, 1_500 * 1.2);
        assertThat(onTheMinute).isPositive();
        assertThat(unknownUsers).isBetween(200, 1_200);
        assertThat(unknownProducts).isBetween(200, 1_200);

        CommerceExpectation.Tables t = x.tables(Set.of());
        assertThat(t.alerts()).anyMatch(a -> a.kind().equals("ABANDONED_CART"));
        assertThat(t.alerts()).anyMatch(a -> a.kind().equals("REVENUE_ANOMALY"));
        Map<String, Integer> sessionsPerUser = new HashMap<>();
        t.sessions().forEach(s -> sessionsPerUser.merge(s.userId(), 1, Integer::sum));
        assertThat(sessionsPerUser.values()).anyMatch(n -> n >= 2);
        assertThat(t.sessions()).anyMatch(CommerceExpectation.SessionRow::converted);
        assertThat(t.windows()).anyMatch(w -> w.category() == null);
        assertThat(t.sessions()).anyMatch(s -> s.segment() == null);
    }

    @Test
    void anExpectationCutShortHoldsWhatWasSent() {
        CommerceGenerator g = new CommerceGenerator(noisy(500, 1), DEFAULTS, MAX_PAYLOAD, true);
        List<Sent> sent = all(g);
        CommerceExpectation x = g.expectation(100);
        long valid = sent.subList(0, 100).stream().filter(s -> s.event() != null).count();
        assertThat(x.events()).hasSize((int) valid);
        assertThat(x.events()).containsExactlyElementsOf(sent.subList(0, 100).stream().filter(s -> s.event() != null)
                .map(Sent::event).toList());
        assertThat(x.invalid()).hasSize(100 - (int) valid);
        assertThatThrownBy(() -> new CommerceGenerator(noisy(10, 1), DEFAULTS, MAX_PAYLOAD, false).expectation(0))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        long start = CommerceGenerator.DEFAULT_START.toEpochMilli();
        assertThatThrownBy(() -> new Options(1, 10, 0, 10, 1, start, 1, 0, 0, 0))
                .hasMessage("Invalid products: 0 (use 1 to 99999)");
        assertThatThrownBy(() -> new Options(1, 10, 10, 10, 1, start, 0, 0, 0, 0))
                .hasMessage("Invalid pace: 0.0 (events per second of event time, above 0)");
        assertThatThrownBy(() -> new Options(1, 10, 10, 10, 1, start, 1, 1.5, 0, 0))
                .hasMessage("Invalid out-of-order-rate: 1.5 (use 0 to 1)");
        assertThatThrownBy(() -> new Options(1, 10, 10, 10, 1, start, 1, 0, 0.6, 0.6))
                .hasMessage("Cannot combine late-rate 0.6 with invalid-rate 0.6: their sum is over 1");
        assertThatThrownBy(() -> new CommerceGenerator(Options.defaults(0, 1), DEFAULTS, MAX_PAYLOAD, true))
                .hasMessage("Cannot keep the expectation of an unbounded run");
    }

    @Test
    void anUnboundedRunGoesOn() {
        CommerceGenerator g = new CommerceGenerator(Options.defaults(0, 1), DEFAULTS, MAX_PAYLOAD, false);
        for (int i = 0; i < 50_000; i++) {
            assertThat(g.hasNext()).isTrue();
            g.next();
        }
        assertThat(g.kinds().get(Kind.IN_ORDER)).isEqualTo(50_000L);
    }
}
