package io.fluxo.dlq;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxo.config.FluxoConfig.KafkaSettings;
import io.fluxo.config.UserException;
import io.fluxo.kafka.Topics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code fluxo replay <pipeline> --from-dlq}: sends the raw key and value of dead letters back to the topic they
 * came from, so that a fixed rule or repaired upstream data brings them in; generic over pipelines.
 *
 * <p>Each letter is replayed at most once. Why this way: the replayed letters are recorded in the compacted topic
 * {@code <dlq>.replayed} (key {@link StoredLetter#replayId()}), and each chunk of re-published records is written in
 * one Kafka transaction together with its bookkeeping records, so the two are visible together or not at all: a
 * crash mid-replay leaves a chunk either fully committed (recorded, skipped next time) or aborted (neither sent nor
 * recorded, sent next time). The transactional id is fixed per pipeline and DLQ topic: {@code initTransactions}
 * aborts what a crashed earlier replay left open and fences a replay still running, and only then is the
 * bookkeeping read (read_committed), so two replays can never both send the same letter. Bookkeeping in Kafka
 * rather than in a sink keeps replay dependent on nothing but the cluster that holds the letters, and a topic
 * (not the DLQ offsets of a consumer group) lets a replay filtered by reason or time skip letters without losing
 * them. Dry runs read only: they open no producer, so they never fence a running replay.
 */
public final class DeadLetterReplay {
    /** Letters per transaction: bounds a transaction well within transaction.timeout.ms. */
    static final int LETTERS_PER_TRANSACTION = 500;
    /** Header of a re-published record: the source id of the letter it came from. */
    public static final String REPLAY_OF_HEADER = "fluxo-replay-of";
    static final int TIMEOUT_MS = 15_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KafkaSettings kafka;
    private final String pipeline;
    private final String dlqTopic;

    public DeadLetterReplay(KafkaSettings kafka, String pipeline, String dlqTopic) {
        this.kafka = requireNonNull(kafka, "kafka");
        this.pipeline = requireNonNull(pipeline, "pipeline");
        this.dlqTopic = requireNonNull(dlqTopic, "dlqTopic");
    }

    /** Where the replayed letters are recorded. */
    public static String replayedTopic(String dlqTopic) {
        return dlqTopic + ".replayed";
    }

    /** The transactional id of every replay of one DLQ topic: a new replay fences an older one. */
    public static String transactionalId(String pipeline, String dlqTopic) {
        return "fluxo." + pipeline + ".replay." + dlqTopic;
    }

    /**
     * Replays (or with dryRun, only plans) the letters the filter selects; prints what it does to out.
     *
     * @throws UserException when Kafka cannot be reached, the DLQ topic does not exist, or another replay took over
     */
    public ReplayPlan run(ReplayFilter filter, boolean dryRun, PrintWriter out) {
        requireNonNull(filter, "filter");
        String replayed = replayedTopic(dlqTopic);
        if (dryRun) {
            ReplayPlan plan = plan(filter, replayed);
            plan.dryRunLines().forEach(out::println);
            plan.skipLines().forEach(out::println);
            out.println(plan.summary(pipeline, true));
            return plan;
        }
        Topics.ensure(kafka.clientProperties(), List.of(replayed), 1, Map.of("cleanup.policy", "compact"));
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            try {
                producer.initTransactions();
            } catch (KafkaException e) {
                throw unreachable(e);
            }
            ReplayPlan plan = plan(filter, replayed);
            plan.skipLines().forEach(out::println);
            int sent = 0;
            List<StoredLetter> all = plan.toSend();
            for (int from = 0; from < all.size(); from += LETTERS_PER_TRANSACTION) {
                List<StoredLetter> chunk = all.subList(from, Math.min(all.size(), from + LETTERS_PER_TRANSACTION));
                try {
                    producer.beginTransaction();
                    for (ProducerRecord<byte[], byte[]> r : records(chunk, replayed, Instant.now())) {
                        producer.send(r);
                    }
                    producer.commitTransaction();
                } catch (ProducerFencedException e) {
                    throw new UserException("Cannot finish the replay of " + pipeline + ": another replay of "
                            + dlqTopic + " started meanwhile and took over (" + sent + " of " + all.size()
                            + " dead letters were replayed by this one)", e);
                } catch (KafkaException e) {
                    abortQuietly(producer);
                    throw new UserException("Cannot replay dead letters of " + pipeline + " to Kafka at "
                            + kafka.bootstrapServers() + ": " + e.getMessage() + " (" + sent + " of " + all.size()
                            + " replayed; run it again to send the rest)", e);
                }
                sent += chunk.size();
            }
            out.println(plan.summary(pipeline, false));
            return plan;
        }
    }

    /**
     * The records of one transaction: each letter's key and value to its source topic (header
     * {@value #REPLAY_OF_HEADER} = its source id), then one bookkeeping record per letter to {@code replayedTopic}.
     */
    static List<ProducerRecord<byte[], byte[]>> records(List<StoredLetter> letters, String replayedTopic, Instant now) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (StoredLetter letter : letters) {
            if (!letter.replayable()) {
                throw new IllegalArgumentException("Cannot replay " + letter.sourceId() + ": it has no whole value");
            }
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(letter.topic(), null, letter.key(), letter.value());
            r.headers().add(new RecordHeader(REPLAY_OF_HEADER, letter.sourceId().getBytes(StandardCharsets.UTF_8)));
            records.add(r);
        }
        for (StoredLetter letter : letters) {
            ObjectNode json = MAPPER.createObjectNode();
            json.put("source_id", letter.sourceId());
            json.put("value_sha256", letter.valueSha256());
            json.put("reason", letter.reason());
            json.put("replayed_at", now.toString());
            records.add(new ProducerRecord<>(replayedTopic, null, letter.replayId().getBytes(StandardCharsets.UTF_8),
                    json.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    private ReplayPlan plan(ReplayFilter filter, String replayed) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Set<String> done = new HashSet<>();
            readAll(consumer, replayed, false, (where, r) -> {
                if (r.key() != null) {
                    done.add(new String(r.key(), StandardCharsets.UTF_8));
                }
            });
            List<StoredLetter> letters = new ArrayList<>();
            List<String> unreadable = new ArrayList<>();
            readAll(consumer, dlqTopic, true, (where, r) -> {
                try {
                    letters.add(StoredLetter.parse(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8)));
                } catch (IllegalArgumentException e) {
                    unreadable.add(where);
                }
            });
            return ReplayPlan.of(letters, unreadable, filter, done);
        } catch (KafkaException e) {
            throw unreachable(e);
        }
    }

    /** Every committed record of the topic up to its end now; a missing topic is empty unless required. */
    private void readAll(KafkaConsumer<byte[], byte[]> consumer, String topic, boolean required,
            BiConsumer<String, ConsumerRecord<byte[], byte[]>> each) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofMillis(TIMEOUT_MS));
        if (infos == null || infos.isEmpty()) {
            if (required) {
                throw new UserException("Cannot replay dead letters of " + pipeline + ": topic " + topic
                        + " does not exist on Kafka at " + kafka.bootstrapServers() + " (has the pipeline run? ./fluxo run "
                        + pipeline + ")");
            }
            return;
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        // read_committed: the end offsets are the last stable offsets, past every committed transaction.
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofMillis(TIMEOUT_MS));
        long deadline = System.currentTimeMillis() + 4L * TIMEOUT_MS;
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.currentTimeMillis() > deadline) {
                throw new UserException("Cannot read topic " + topic + " on Kafka at " + kafka.bootstrapServers()
                        + ": not at its end after " + 4 * TIMEOUT_MS / 1000 + " s");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    each.accept(r.topic() + "/" + r.partition() + "/" + r.offset(), r);
                }
            }
        }
        consumer.unsubscribe();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", false);
        props.put("allow.auto.create.topics", false);
        props.put("auto.offset.reset", "earliest");
        props.put("default.api.timeout.ms", TIMEOUT_MS);
        props.put("request.timeout.ms", TIMEOUT_MS);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put("transactional.id", transactionalId(pipeline, dlqTopic));
        props.put("enable.idempotence", true);
        props.put("acks", "all");
        props.put("max.block.ms", 30_000);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void abortQuietly(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException ignored) {
            // the next replay's initTransactions aborts it
        }
    }

    private UserException unreachable(Exception e) {
        return new UserException("Cannot reach Kafka at " + kafka.bootstrapServers() + ": " + e.getMessage()
                + " (is the stack up? ./fluxo stack up, or set fluxo.kafka.bootstrap-servers)", e);
    }
}
