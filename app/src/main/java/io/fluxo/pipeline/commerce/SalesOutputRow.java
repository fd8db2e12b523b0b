package io.fluxo.pipeline.commerce;

import java.io.Serializable;
import io.fluxo.amount.Amounts;
import java.math.BigDecimal;

/** What the stateful step gives the batch writer: an event on time or late, a closed session, or a dead letter. */
public class SalesOutputRow implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@link #ON_TIME}, {@link #LATE}, {@link #SESSION} or {@link #DEAD_LETTER}. */
    private String kind;
    /** The watermark of the batch that wrote the row, epoch milliseconds. */
    private long watermarkMs;

    private String eventId;
    /** The event's user, or the session's. */
    private String userId;

    private String productId;

    private String eventType;

    private BigDecimal amount;

    private long eventTimeMs;

    private String topic;

    private int partition;

    private long offset;
    /** For a late event: the watermark minus its event time. */
    private long latenessMs;

    private long sessionStartMs;

    private long sessionEndMs;

    private long events;

    private long pageViews;

    private long addToCarts;

    private long purchases;
    /** A session's purchases. */
    private BigDecimal value;

    private String letterKey;

    private String letterJson;

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public long getWatermarkMs() {
        return watermarkMs;
    }

    public void setWatermarkMs(long watermarkMs) {
        this.watermarkMs = watermarkMs;
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

    public long getEventTimeMs() {
        return eventTimeMs;
    }

    public void setEventTimeMs(long eventTimeMs) {
        this.eventTimeMs = eventTimeMs;
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

    public long getLatenessMs() {
        return latenessMs;
    }

    public void setLatenessMs(long latenessMs) {
        this.latenessMs = latenessMs;
    }

    public long getSessionStartMs() {
        return sessionStartMs;
    }

    public void setSessionStartMs(long sessionStartMs) {
        this.sessionStartMs = sessionStartMs;
    }

    public long getSessionEndMs() {
        return sessionEndMs;
    }

    public void setSessionEndMs(long sessionEndMs) {
        this.sessionEndMs = sessionEndMs;
    }

    public long getEvents() {
        return events;
    }

    public void setEvents(long events) {
        this.events = events;
    }

    public long getPageViews() {
        return pageViews;
    }

    public void setPageViews(long pageViews) {
        this.pageViews = pageViews;
    }

    public long getAddToCarts() {
        return addToCarts;
    }

    public void setAddToCarts(long addToCarts) {
        this.addToCarts = addToCarts;
    }

    public long getPurchases() {
        return purchases;
    }

    public void setPurchases(long purchases) {
        this.purchases = purchases;
    }

    public BigDecimal getValue() {
        return value;
    }

    public void setValue(BigDecimal value) {
        this.value = Amounts.cents(value);
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

    public static final String ON_TIME = "ON_TIME";
    public static final String LATE = "LATE";
    public static final String SESSION = "SESSION";
    public static final String DEAD_LETTER = "DEAD_LETTER";

    static SalesOutputRow event(String kind, SalesEvent e, long watermarkMs) {
        SalesOutputRow r = new SalesOutputRow();
        r.kind = kind;
        r.watermarkMs = watermarkMs;
        r.eventId = e.eventId();
        r.userId = e.userId();
        r.productId = e.productId();
        r.eventType = e.type().wire();
        r.amount = e.amount();
        r.eventTimeMs = e.eventTimeMillis();
        r.topic = e.topic();
        r.partition = e.partition();
        r.offset = e.offset();
        r.latenessMs = LATE.equals(kind) ? watermarkMs - e.eventTimeMillis() : 0;
        return r;
    }

    static SalesOutputRow session(String userId, Sessions.Session s, long gapMillis, long watermarkMs) {
        SalesOutputRow r = new SalesOutputRow();
        r.kind = SESSION;
        r.watermarkMs = watermarkMs;
        r.userId = userId;
        r.sessionStartMs = s.start();
        r.sessionEndMs = s.end(gapMillis);
        r.events = s.events();
        r.pageViews = s.pageViews();
        r.addToCarts = s.addToCarts();
        r.purchases = s.purchases();
        r.value = s.value();
        return r;
    }

    static SalesOutputRow deadLetter(SalesInputRow in, long watermarkMs) {
        SalesOutputRow r = new SalesOutputRow();
        r.kind = DEAD_LETTER;
        r.watermarkMs = watermarkMs;
        r.topic = in.getTopic();
        r.partition = in.getPartition();
        r.offset = in.getOffset();
        r.letterKey = in.getLetterKey();
        r.letterJson = in.getLetterJson();
        return r;
    }

}
