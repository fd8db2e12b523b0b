package io.fluxo.bench;

import io.fluxo.config.FluxoConfig.PostgresSettings;
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
import java.util.Properties;
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
final class TransactionsFreshnessProbe extends PollingProbe {
    static final String QUERY = "select kafka_partition, kafka_offset, processado_em from transacoes"
            + " where kafka_topic = ? and processado_em > ?";

    /** Where a transaction was in Kafka: the key from a row back to its record and send time. */
    record RecordKey(int partition, long offset) {
    }

    /** The transactions that had to appear, and how long after its send each one that did appeared. */
    record Latencies(long expected, List<Long> millis) {
        Latencies {
            millis = List.copyOf(millis);
        }

        long missing() {
            return Math.max(0, expected - millis.size());
        }
    }

    private final PostgresSettings settings;
    private final String topic;
    private final Map<RecordKey, Long> seen = new ConcurrentHashMap<>();
    private long newest;
    private Connection connection;

    /** @param after epoch millis before the watched query's first batch: older rows belong to other runs */
    TransactionsFreshnessProbe(PostgresSettings settings, String topic, Duration every, long after) {
        super(every);
        this.settings = settings;
        this.topic = topic;
        this.newest = after;
    }

    @Override
    void poll() throws SQLException {
        if (connection == null) {
            Properties props = new Properties();
            props.setProperty("user", settings.user());
            props.setProperty("password", settings.password());
            props.setProperty("connectTimeout", "10");
            props.setProperty("ApplicationName", "fluxo-bench-probe");
            connection = new org.postgresql.Driver().connect(settings.url(), props);
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
    void reset() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // a broken connection: a new one is opened on the next poll
            }
            connection = null;
        }
    }
}
