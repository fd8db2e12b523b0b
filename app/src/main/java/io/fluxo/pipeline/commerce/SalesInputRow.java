package io.fluxo.pipeline.commerce;

import java.io.Serializable;
import io.fluxo.amount.Amounts;
import java.math.BigDecimal;
import java.sql.Timestamp;

/** A record of sales_events as the stateful step takes it: a valid event, or the dead letter of one it refused. */
public class SalesInputRow implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@link #EVENT} or {@link #DEAD_LETTER}. */
    private String kind;
    /** The stateful step's key: the user for an event, the Kafka partition for a dead letter. */
    private String groupKey;

    private String eventId;

    private String userId;

    private String productId;
    /** As in the payload, lower case. */
    private String eventType;

    private BigDecimal amount;
    /** The event time, the column of the watermark; null for a dead letter. */
    private Timestamp eventTime;

    private String topic;

    private int partition;

    private long offset;

    private long kafkaTimestamp;
    /** A dead letter's Kafka key and JSON. */
    private String letterKey;

    private String letterJson;

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getGroupKey() {
        return groupKey;
    }

    public void setGroupKey(String groupKey) {
        this.groupKey = groupKey;
    }

    public String getEventId() {
        return eventId;
    }

    public void setEventId(String eventId) {
        this.eventId = eventId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getProductId() {
        return productId;
    }

    public void setProductId(String productId) {
        this.productId = productId;
    }

    public String getEventType() {
        return eventType;
    }

    public void setEventType(String eventType) {
        this.eventType = eventType;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public void setAmount(BigDecimal amount) {
        this.amount = Amounts.cents(amount);
    }

    public Timestamp getEventTime() {
        return eventTime;
    }

    public void setEventTime(Timestamp eventTime) {
        this.eventTime = eventTime;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public int getPartition() {
        return partition;
    }

    public void setPartition(int partition) {
        this.partition = partition;
    }

    public long getOffset() {
        return offset;
    }

    public void setOffset(long offset) {
        this.offset = offset;
    }

    public long getKafkaTimestamp() {
        return kafkaTimestamp;
    }

    public void setKafkaTimestamp(long kafkaTimestamp) {
        this.kafkaTimestamp = kafkaTimestamp;
    }

    public String getLetterKey() {
        return letterKey;
    }

    public void setLetterKey(String letterKey) {
        this.letterKey = letterKey;
    }

    public String getLetterJson() {
        return letterJson;
    }

    public void setLetterJson(String letterJson) {
        this.letterJson = letterJson;
    }

    public static final String EVENT = "EVENT";
    public static final String DEAD_LETTER = "DEAD_LETTER";

    static SalesInputRow event(SalesEvent e, long kafkaTimestamp) {
        SalesInputRow r = new SalesInputRow();
        r.kafkaTimestamp = kafkaTimestamp;
        r.kind = EVENT;
        r.groupKey = e.userId();
        r.eventId = e.eventId();
        r.userId = e.userId();
        r.productId = e.productId();
        r.eventType = e.type().wire();
        r.amount = e.amount();
        r.eventTime = new Timestamp(e.eventTimeMillis());
        r.topic = e.topic();
        r.partition = e.partition();
        r.offset = e.offset();
        return r;
    }

    static SalesInputRow deadLetter(String topic, int partition, long offset, String key, String json) {
        SalesInputRow r = new SalesInputRow();
        r.kind = DEAD_LETTER;
        r.groupKey = "\u0000dlq/" + partition;
        r.topic = topic;
        r.partition = partition;
        r.offset = offset;
        r.letterKey = key;
        r.letterJson = json;
        return r;
    }

    SalesEvent toEvent() {
        return new SalesEvent(eventId, userId, productId, EventType.parse(eventType).orElseThrow(), amount,
                eventTime.getTime(), topic, partition, offset);
    }

}
