package io.fluxo.pipeline.commerce;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * One valid event of {@code sales_events} (DESIGN §1.4), with where Kafka kept it.
 *
 * @param amount exact cents, 0.00 and more; more than 0.00 for a purchase
 * @param eventTimeMillis the payload's timestamp, epoch milliseconds
 */
public record SalesEvent(String eventId, String userId, String productId, EventType type, BigDecimal amount,
        long eventTimeMillis, String topic, int partition, long offset) implements Serializable {
    public SalesEvent {
        requireNonNull(eventId, "eventId");
        requireNonNull(userId, "userId");
        requireNonNull(productId, "productId");
        requireNonNull(type, "type");
        requireNonNull(amount, "amount");
        if (amount.scale() != 2) {
            throw new IllegalArgumentException("Invalid amount: " + amount + " (must have 2 decimal places)");
        }
    }
}
