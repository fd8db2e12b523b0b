package io.fluxo.pipeline.transactions;

import io.fluxo.sink.postgres.PostgresSettings;
import io.fluxo.bench.BenchDatabases;
import io.fluxo.bench.FreshnessProbe;
import io.fluxo.bench.KafkaSendTimes;
import io.fluxo.bench.KafkaSendTimes.RecordKey;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches {@code transacoes} while the pipeline writes it and records, per Kafka record of the input topic,
 * the first moment its row could be read: what a user querying PostgreSQL sees.
 *
 * <p>Each poll asks only for rows with processado_em after the newest one seen. That is exact: processado_em
 * is the micro-batch's time, the same for all its rows and later for every later batch, and the sink commits
 * a batch's rows in one transaction, so a batch is either wholly visible or not at all. Rows are matched to
 * their record by (partition, offset), which the pipeline writes with each row; the send times come from the
 * records' Kafka timestamps afterwards.
 *
 * <p>First-seen is taken when the query's answer arrived, so the poll interval and the query itself can only
 * make a measured freshness longer, never shorter.
 */
final class TransactionsFreshnessProbe extends FreshnessProbe {
    /**
     * Rows at or after the newest processing time seen: all rows of a micro-batch share its time, and its Spark
     * partitions commit one after the other, so rows of the newest time seen may still come (a strict "after" lost
     * them and waited forever); rows seen twice count once.
     */
    static final String QUERY = "select kafka_partition, kafka_offset, processado_em from transacoes"
            + " where kafka_topic = ? and processado_em >= ?";

    /** The transactions that had to appear, and how long after its send each one that did appeared. */
    record Latencies(long expected, List<Long> millis) {
        Latencies {
            millis = List.copyOf(millis);
        }

        long missing() {
            return Math.max(0, expected - millis.size());
        }
    }

    /** Reading the send times back from Kafka takes at most this long. */
    static final Duration SEND_TIMES_MAX = Duration.ofMinutes(5);

    private final PostgresSettings settings;
    private final String topic;
    private final Map<String, Object> kafkaProperties;
    private final String database;
    private final Map<RecordKey, Long> seen = new ConcurrentHashMap<>();
    private long newest;
    private Connection connection;

    /**
     * @param settings the bench database
     * @param after epoch millis before the watched query's first batch: older rows belong to other runs
     * @param kafkaProperties to read the send times of the topic's records
     */
    TransactionsFreshnessProbe(PostgresSettings settings, String database, String topic,
            Map<String, Object> kafkaProperties, Duration every, long after) {
        super(every);
        this.settings = settings;
        this.database = database;
        this.topic = topic;
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.newest = after;
    }

    /** Every transaction sent so far has its row: rows of the topic are the bench's own. */
    @Override
    public boolean allVisible(List<ProduceSummary> sent, Instant lastFrom) {
        return rowsSeen() >= sent.stream().mapToLong(ProduceSummary::total).sum();
    }

    @Override
    public Seen seen(ProduceSummary measured, Instant from) {
        Map<RecordKey, Long> seen = seen();
        KafkaSendTimes.Result sent = KafkaSendTimes.read(kafkaProperties, topic, SEND_TIMES_MAX);
        Latencies l = latencies(sent.sentMillis(), seen, from.toEpochMilli());
        List<String> notes = sent.logAppendTime() ? List.of(topic + " stamps records when the broker appends them"
                + " (LogAppendTime), not when they are sent: freshness is measured from arrival in Kafka") : List.of();
        return new Seen(l.expected(), l.millis(), Map.of("send_time_log_append", sent.logAppendTime() ? 1L : 0L), notes);
    }

    @Override
    public String warmupMissing() {
        return "the warm-up transactions did not appear in transacoes of " + database;
    }

    @Override
    public UserException unreadable(Exception last) {
        return new UserException("Cannot read transacoes at " + settings.url() + ": "
                + (last == null ? "no answer" : BenchDatabases.firstLine(last)), last);
    }

    @Override
    protected void poll() throws SQLException {
        if (connection == null) {
            connection = BenchDatabases.connect(settings, "fluxo-bench-probe");
        }
        try (PreparedStatement p = connection.prepareStatement(QUERY)) {
            p.setString(1, topic);
            p.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(newest), ZoneOffset.UTC));
            try (ResultSet r = p.executeQuery()) {
                long now = System.currentTimeMillis();
                while (r.next()) {
                    seen.putIfAbsent(new RecordKey(r.getInt(1), r.getLong(2)), now);
                    newest = Math.max(newest, r.getObject(3, OffsetDateTime.class).toInstant().toEpochMilli());
                }
            }
        }
    }

    /** Rows of the topic seen so far. */
    int rowsSeen() {
        return seen.size();
    }

    /** When each row was first seen, epoch millis. */
    Map<RecordKey, Long> seen() {
        return Map.copyOf(seen);
    }

    /**
     * Freshness of the records sent at or after {@code fromMillis}: seen minus sent, per record whose row
     * appeared; the others are missing. Earlier records (the warm-up) are left out.
     */
    static Latencies latencies(Map<RecordKey, Long> sentMillis, Map<RecordKey, Long> seenMillis, long fromMillis) {
        long expected = 0;
        List<Long> millis = new ArrayList<>();
        for (Map.Entry<RecordKey, Long> sent : sentMillis.entrySet()) {
            if (sent.getValue() < fromMillis) {
                continue;
            }
            expected++;
            Long seenAt = seenMillis.get(sent.getKey());
            if (seenAt != null) {
                millis.add(seenAt - sent.getValue());
            }
        }
        return new Latencies(expected, millis);
    }

    /** A broken or finished connection is closed; the next poll opens a new one. */
    @Override
    protected void reset() {
        connection = BenchDatabases.closeQuietly(connection);
    }
}
