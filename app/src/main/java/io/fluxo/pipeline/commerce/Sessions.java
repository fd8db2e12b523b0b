package io.fluxo.pipeline.commerce;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A user's sessions (DESIGN §1.4): a session is a maximal run of the user's on-time events with less than the gap
 * between consecutive events. Events may come out of order: one that falls within the gap of two open sessions joins
 * them into one. A session ends at its last event + the gap; it is closed, and can take no more on-time event, once
 * the watermark has reached its end (an on-time event is at or after the watermark, so at least a gap after it).
 */
public final class Sessions {
    private Sessions() {
    }

    /** One session so far: its first and last event times and what it holds. */
    public record Session(long start, long last, long events, long pageViews, long addToCarts, long purchases,
            BigDecimal value) implements Serializable {
        public Session {
            requireNonNull(value, "value");
            if (last < start) {
                throw new IllegalArgumentException("Invalid session: last " + last + " before start " + start);
            }
        }

        /** A session of one event. */
        public static Session of(SalesEvent e) {
            return new Session(e.eventTimeMillis(), e.eventTimeMillis(), 1, e.type() == EventType.PAGE_VIEW ? 1 : 0,
                    e.type() == EventType.ADD_TO_CART ? 1 : 0, e.type() == EventType.PURCHASE ? 1 : 0,
                    e.type() == EventType.PURCHASE ? e.amount() : BigDecimal.ZERO.setScale(2));
        }

        public long end(long gapMillis) {
            return last + gapMillis;
        }

        /** Whether an event at {@code millis} is less than the gap from this session's span. */
        boolean reaches(long millis, long gapMillis) {
            return millis > start - gapMillis && millis < last + gapMillis;
        }

        Session merge(Session o) {
            return new Session(Math.min(start, o.start), Math.max(last, o.last), events + o.events,
                    pageViews + o.pageViews, addToCarts + o.addToCarts, purchases + o.purchases, value.add(o.value));
        }

        public boolean converted() {
            return purchases > 0;
        }

        public boolean abandoned() {
            return addToCarts > 0 && purchases == 0;
        }
    }

    /** The open sessions after {@code e}, earliest first: every session within the gap of it merged with it. */
    public static List<Session> add(List<Session> open, SalesEvent e, long gapMillis) {
        Session joined = Session.of(e);
        List<Session> result = new ArrayList<>(open.size() + 1);
        for (Session s : open) {
            if (s.reaches(e.eventTimeMillis(), gapMillis)) {
                joined = joined.merge(s);
            } else {
                result.add(s);
            }
        }
        result.add(joined);
        result.sort(Comparator.comparingLong(Session::start));
        return result;
    }

    /** The sessions split into those the watermark has closed (end at or before it) and those still open. */
    public record Split(List<Session> closed, List<Session> open) {
        public Split {
            closed = List.copyOf(closed);
            open = List.copyOf(open);
        }
    }

    public static Split close(List<Session> sessions, long watermarkMillis, long gapMillis) {
        List<Session> closed = new ArrayList<>();
        List<Session> open = new ArrayList<>();
        for (Session s : sessions) {
            (s.end(gapMillis) <= watermarkMillis ? closed : open).add(s);
        }
        return new Split(closed, open);
    }
}
