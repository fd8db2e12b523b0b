package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Session splitting and closing, with a 5-minute gap, on event times worked out by hand. */
class SessionsTest {
    private static final long GAP = 300_000;
    private static long offset;

    private static SalesEvent event(long seconds, EventType type, String amount) {
        return new SalesEvent("e" + seconds, "u1", "p1", type, new BigDecimal(amount), seconds * 1_000, "sales_events", 0,
                offset++);
    }

    private static List<Sessions.Session> feed(SalesEvent... events) {
        List<Sessions.Session> open = List.of();
        for (SalesEvent e : events) {
            open = Sessions.add(open, e, GAP);
        }
        return open;
    }

    @Test
    void eventsLessThanTheGapApartAreOneSession() {
        List<Sessions.Session> s = feed(event(0, EventType.PAGE_VIEW, "0.00"), event(100, EventType.ADD_TO_CART, "0.00"),
                event(350, EventType.PURCHASE, "19.90"), event(700, EventType.PAGE_VIEW, "0.00"));
        // 350 - 100 = 250 s < 300 s: the same session; 700 - 350 = 350 s: a new one.
        assertThat(s).containsExactly(new Sessions.Session(0, 350_000, 3, 1, 1, 1, new BigDecimal("19.90")),
                new Sessions.Session(700_000, 700_000, 1, 1, 0, 0, new BigDecimal("0.00")));
        assertThat(s.get(0).end(GAP)).isEqualTo(650_000);
        assertThat(s.get(0).converted()).isTrue();
        assertThat(s.get(0).abandoned()).isFalse();
    }

    @Test
    void exactlyTheGapApartIsTwoSessions() {
        assertThat(feed(event(0, EventType.PAGE_VIEW, "0.00"), event(300, EventType.PAGE_VIEW, "0.00"))).hasSize(2);
        assertThat(feed(event(0, EventType.PAGE_VIEW, "0.00"), event(299, EventType.PAGE_VIEW, "0.00"))).hasSize(1);
        // Out of order, before the session: 300 s before its start is apart, 299 s joins.
        assertThat(feed(event(600, EventType.PAGE_VIEW, "0.00"), event(300, EventType.PAGE_VIEW, "0.00"))).hasSize(2);
        assertThat(feed(event(600, EventType.PAGE_VIEW, "0.00"), event(301, EventType.PAGE_VIEW, "0.00"))).hasSize(1);
    }

    @Test
    void anEventOutOfOrderBetweenTwoSessionsJoinsThem() {
        List<Sessions.Session> apart = feed(event(0, EventType.PAGE_VIEW, "0.00"), event(500, EventType.ADD_TO_CART, "0.00"));
        assertThat(apart).hasSize(2);

        // 250 s is 250 s after the first and 250 s before the second: one session from 0 to 500 s.
        List<Sessions.Session> joined = Sessions.add(apart, event(250, EventType.PURCHASE, "5.00"), GAP);
        assertThat(joined).containsExactly(new Sessions.Session(0, 500_000, 3, 1, 1, 1, new BigDecimal("5.00")));
    }

    @Test
    void aSessionClosesWhenTheWatermarkReachesItsEnd() {
        List<Sessions.Session> s = feed(event(0, EventType.ADD_TO_CART, "0.00"), event(100, EventType.PAGE_VIEW, "0.00"),
                event(1_000, EventType.PAGE_VIEW, "0.00"));
        // The first ends at 100 + 300 = 400 s, the second at 1,300 s.
        Sessions.Split before = Sessions.close(s, 399_999, GAP);
        assertThat(before.closed()).isEmpty();
        assertThat(before.open()).hasSize(2);

        Sessions.Split at = Sessions.close(s, 400_000, GAP);
        assertThat(at.closed()).containsExactly(new Sessions.Session(0, 100_000, 2, 1, 1, 0, new BigDecimal("0.00")));
        assertThat(at.closed().get(0).abandoned()).isTrue();
        assertThat(at.open()).containsExactly(new Sessions.Session(1_000_000, 1_000_000, 1, 1, 0, 0, new BigDecimal("0.00")));
    }

    @Test
    void aSessionsValueIsItsPurchasesOnly() {
        List<Sessions.Session> s = feed(event(0, EventType.ADD_TO_CART, "12.00"), event(10, EventType.PURCHASE, "12.00"),
                event(20, EventType.PURCHASE, "0.01"));
        assertThat(s).singleElement().satisfies(one -> {
            assertThat(one.value()).isEqualTo(new BigDecimal("12.01"));
            assertThat(one.purchases()).isEqualTo(2);
            assertThat(one.events()).isEqualTo(3);
        });
    }
}
