package io.fluxo.pipeline.medallion;

import io.fluxo.banking.ParseResult;
import io.fluxo.banking.Transaction;
import io.fluxo.banking.TransactionParser;
import io.fluxo.bench.BenchDatabases;
import io.fluxo.bench.FreshnessProbe;
import io.fluxo.bench.KafkaSendTimes;
import io.fluxo.bench.KafkaSendTimes.RecordKey;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.sink.postgres.PostgresSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches PostgreSQL {@code gold_transacoes_minuto} while the medallion runs and tells, per transaction sent, when
 * gold first showed it: what a dashboard reading the gold table sees.
 *
 * <p>Gold holds counts, not transactions: a transaction is visible once its row (its minute × region × modality)
 * counts at least as many as were sent to that row up to and including it, in send order. Each poll reads the whole
 * table (the bench's own database, emptied before the run) and keeps, per row, the first moment each new count was
 * seen. With several partitions a row's transactions may reach gold in another order than they were sent; the count
 * then stands for the one sent k-th, which can move a single latency either way, never the number that appeared.
 * First-seen is taken when the query's answer arrived, so polling can only make a latency longer.
 */
final class MedallionFreshnessProbe extends FreshnessProbe {
    static final String QUERY = "select minuto, id_regiao, modalidade_pagamento, quantidade from gold_transacoes_minuto";
    static final Duration SEND_TIMES_MAX = Duration.ofMinutes(5);

    /** A gold row's key: the event-time minute (epoch millis), region and modality. */
    record GoldKey(long minute, String region, String modality) {
        static GoldKey of(Transaction t) {
            return new GoldKey(Instant.ofEpochMilli(t.dataHorario()).truncatedTo(ChronoUnit.MINUTES).toEpochMilli(),
                    t.idRegiao(), t.modalidadePagamento().label());
        }
    }

    /** A count of a gold row and when a poll first saw it. */
    record Count(long quantidade, long seenMillis) {
    }

    /** A sent transaction: its record, its gold row, when it was sent. */
    record Sent(RecordKey record, GoldKey key, long sentMillis) {
    }

    /** @param expected the transactions sent from the measured production on; @param millis their latencies */
    record Latencies(long expected, List<Long> millis) {
        Latencies {
            millis = List.copyOf(millis);
        }
    }

    private final PostgresSettings settings;
    private final String topic;
    private final Map<String, Object> kafkaProperties;
    private final TransactionParser parser;
    private final Map<GoldKey, List<Count>> counts = new ConcurrentHashMap<>();
    private volatile long total;
    private Connection connection;

    MedallionFreshnessProbe(PostgresSettings settings, String topic, Map<String, Object> kafkaProperties,
            TransactionParser parser, Duration every) {
        super(every);
        this.settings = settings;
        this.topic = topic;
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.parser = parser;
    }

    /** Gold counts every transaction sent so far: the table is the bench's own, and no transaction is late or invalid. */
    @Override
    public boolean allVisible(List<ProduceSummary> sent, Instant lastFrom) {
        return total >= sent.stream().mapToLong(ProduceSummary::total).sum();
    }

    @Override
    public Seen seen(ProduceSummary measured, Instant from) {
        KafkaSendTimes.Values values = KafkaSendTimes.readValues(kafkaProperties, topic, SEND_TIMES_MAX);
        List<Sent> sent = new ArrayList<>();
        long unreadable = 0;
        for (Map.Entry<RecordKey, KafkaSendTimes.Sent> e : values.sent().entrySet()) {
            ParseResult parsed = parser.parse(topic, e.getKey().partition(), e.getKey().offset(), e.getValue().value());
            if (parsed instanceof ParseResult.Valid valid) {
                sent.add(new Sent(e.getKey(), GoldKey.of(valid.transaction()), e.getValue().millis()));
            } else {
                unreadable++;
            }
        }
        Latencies l = latencies(sent, snapshot(), from.toEpochMilli());
        List<String> notes = new ArrayList<>();
        if (values.logAppendTime()) {
            notes.add(topic + " stamps records when the broker appends them (LogAppendTime), not when they are sent:"
                    + " freshness is measured from arrival in Kafka");
        }
        if (unreadable > 0) {
            notes.add(unreadable + " records of " + topic + " did not parse and count in no gold row");
        }
        return new Seen(l.expected(), l.millis(), Map.of("gold_rows_seen", (long) counts.size(),
                "send_time_log_append", values.logAppendTime() ? 1L : 0L), notes);
    }

    @Override
    public String warmupMissing() {
        return "the warm-up transactions were not all counted in gold_transacoes_minuto at " + settings.url()
                + " (gold counts " + total + ")";
    }

    @Override
    public UserException unreadable(Exception last) {
        return new UserException("Cannot read gold_transacoes_minuto at " + settings.url() + ": "
                + (last == null ? "no answer" : BenchDatabases.firstLine(last)), last);
    }

    @Override
    protected void poll() throws SQLException {
        if (connection == null) {
            connection = BenchDatabases.connect(settings, "fluxo-bench-probe");
        }
        try (PreparedStatement p = connection.prepareStatement(QUERY); ResultSet r = p.executeQuery()) {
            long now = System.currentTimeMillis();
            long sum = 0;
            while (r.next()) {
                GoldKey key = new GoldKey(r.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli(),
                        r.getString(2), r.getString(3));
                long quantidade = r.getLong(4);
                sum += quantidade;
                List<Count> seen = counts.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
                if (seen.isEmpty() || seen.get(seen.size() - 1).quantidade() < quantidade) {
                    seen.add(new Count(quantidade, now));
                }
            }
            total = sum;
        }
    }

    private Map<GoldKey, List<Count>> snapshot() {
        Map<GoldKey, List<Count>> copy = new HashMap<>();
        counts.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    /**
     * The latency of each transaction sent at or after {@code fromMillis}: the first time its gold row counted its
     * rank among the row's transactions in send order (ties by partition and offset), minus its send time. The
     * earlier ones (the warm-up) take their ranks but no latency; a rank never counted is missing.
     *
     * @param counts per gold row, its counts as seen, ascending
     */
    static Latencies latencies(List<Sent> sent, Map<GoldKey, List<Count>> counts, long fromMillis) {
        Map<GoldKey, List<Sent>> byKey = new HashMap<>();
        sent.forEach(s -> byKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s));
        long expected = 0;
        List<Long> millis = new ArrayList<>();
        Comparator<Sent> order = Comparator.comparingLong(Sent::sentMillis)
                .thenComparingInt(s -> s.record().partition()).thenComparingLong(s -> s.record().offset());
        for (Map.Entry<GoldKey, List<Sent>> e : byKey.entrySet()) {
            List<Sent> ranked = new ArrayList<>(e.getValue());
            ranked.sort(order);
            List<Count> seen = counts.getOrDefault(e.getKey(), List.of());
            int next = 0;
            for (int rank = 1; rank <= ranked.size(); rank++) {
                Sent s = ranked.get(rank - 1);
                while (next < seen.size() && seen.get(next).quantidade() < rank) {
                    next++;
                }
                if (s.sentMillis() < fromMillis) {
                    continue;
                }
                expected++;
                if (next < seen.size()) {
                    millis.add(seen.get(next).seenMillis() - s.sentMillis());
                }
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
