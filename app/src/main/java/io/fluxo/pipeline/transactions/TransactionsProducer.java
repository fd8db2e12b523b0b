package io.fluxo.pipeline.transactions;

import io.fluxo.banking.SentRecords;
import io.fluxo.banking.BankTransactionAvro;
import io.fluxo.banking.PayloadFormat;
import static java.util.Objects.requireNonNull;

import io.fluxo.config.UserException;
import io.fluxo.generator.SendLoop;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressListener;
import io.fluxo.generator.RateLimiter;
import io.fluxo.kafka.Topics;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Sends generated transactions to the bank_transactions topic (key = id_usuario_pagador, so one payer's
 * transactions stay in order in one partition), JSON or Avro in the Confluent wire format with schema id
 * {@value TransactionPayloads#SCHEMA_ID}, creating the topic when missing. A bounded run keeps the
 * expectation of what it sent; an unbounded run (count 0) goes on until {@link #stop()} or an interrupt.
 * One run at a time per instance.
 */
public final class TransactionsProducer {

    private final Map<String, Object> kafkaProperties;
    private final String topic;
    private final int partitions;
    private final RiskWeights weights;
    private final Schema avroSchema;
    private volatile boolean stopRequested;
    private List<TransactionExpectation> expectation;
    private Map<String, Long> verdictCounts = Map.of();
    private SentRecords noise;

    /** With the Avro schema shipped in the jar. */
    public TransactionsProducer(Map<String, Object> kafkaProperties, String topic, int partitions, RiskWeights weights) {
        this(kafkaProperties, topic, partitions, weights, BankTransactionAvro.defaultSchemaText());
    }

    /**
     * @param weights the pipeline's risk weights: the expectation holds only for them
     * @param avroSchemaText the schema Avro payloads are written with; the pipeline must read with the same
     */
    public TransactionsProducer(Map<String, Object> kafkaProperties, String topic, int partitions, RiskWeights weights,
            String avroSchemaText) {
        this.kafkaProperties = Map.copyOf(requireNonNull(kafkaProperties, "kafkaProperties"));
        this.topic = requireNonNull(topic, "topic");
        this.weights = requireNonNull(weights, "weights");
        this.avroSchema = BankTransactionAvro.parseSchema(requireNonNull(avroSchemaText, "avroSchemaText"), "schema");
        if (!kafkaProperties.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("Missing bootstrap.servers in the Kafka properties");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Invalid partitions: " + partitions + " (must be at least 1)");
        }
        this.partitions = partitions;
    }

    /** A bounded run keeps the expectation, an unbounded one cannot. */
    public ProduceSummary produce(TransactionsOptions options, double eventsPerSecond, ProgressListener progress) {
        return produce(options, eventsPerSecond, progress, !options.unbounded());
    }

    /**
     * Sends {@code options.count()} transactions (until stopped when unbounded), at most
     * {@code eventsPerSecond} (0 = as fast as possible), and waits until Kafka acknowledged all of them.
     *
     * @param keepExpectation false for very large bounded runs (a bench) that do not need it
     * @throws UserException when Kafka is unreachable: "Cannot produce to Kafka at host:port: ..."
     */
    public ProduceSummary produce(TransactionsOptions options, double eventsPerSecond, ProgressListener progress,
            boolean keepExpectation) {
        requireNonNull(options, "options");
        requireNonNull(progress, "progress");
        RateLimiter limiter = RateLimiter.of(eventsPerSecond);
        expectation = null;
        verdictCounts = Map.of();
        TransactionPayloads payloads = new TransactionPayloads(options.format(),
                options.format() == PayloadFormat.AVRO ? avroSchema : null);
        Topics.ensure(kafkaProperties, List.of(topic), partitions);

        TransactionsGenerator generator = new TransactionsGenerator(options, weights, keepExpectation);
        long total = options.unbounded() ? 0 : options.count();
        TransactionNoise records = new TransactionNoise(generator, payloads, options, total);
        try {
            ProduceSummary summary = SendLoop.run(kafkaProperties, records,
                    r -> new SendLoop.Record(topic, r.key(), r.value()), total, limiter, progress, () -> stopRequested,
                    List.of(topic));
            // An interrupt while the producer's buffer was full loses the record just handed out.
            noise = records.summary(summary.total());
            if (keepExpectation) {
                List<TransactionExpectation> all = generator.expectation();
                expectation = List.copyOf(all.subList(0, (int) Math.min(all.size(), noise.transactions())));
            }
            verdictCounts = Map.copyOf(generator.verdictCounts());
            return summary;
        } finally {
            stopRequested = false;
        }
    }

    /** Ends the current run after the transaction being sent; the run still flushes and returns its summary. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * The verdict of every transaction of the last bounded run, in the order sent.
     *
     * @throws IllegalStateException when the last run did not keep it
     */
    public List<TransactionExpectation> expectation() {
        if (expectation == null) {
            throw new IllegalStateException("The last run kept no expectation (unbounded, or not asked for)");
        }
        return expectation;
    }

    /** What the last run sent besides its transactions: redeliveries and invalid records by reason. */
    public SentRecords noise() {
        if (noise == null) {
            throw new IllegalStateException("No run yet");
        }
        return noise;
    }

    /** How many transactions of the last run must be approved or refused for each motivo. */
    public Map<String, Long> verdictCounts() {
        return verdictCounts;
    }

    public String topic() {
        return topic;
    }
}
