package io.fluxo.pipeline.commerce;

import java.util.Locale;
import java.util.Optional;

/** What a user did (DESIGN §1.4): the funnel's three steps, in order. */
public enum EventType {
    PAGE_VIEW("page_view"),
    ADD_TO_CART("add_to_cart"),
    PURCHASE("purchase");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    /** As in the payload's event_type. */
    public String wire() {
        return wire;
    }

    /** The type of a payload's event_type, matched without regard to case; empty for any other text. */
    public static Optional<EventType> parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (EventType e : values()) {
            if (e.wire.equals(t)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
