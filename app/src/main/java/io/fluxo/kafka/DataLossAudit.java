package io.fluxo.kafka;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.pipeline.FaultPoint;
import io.fluxo.pipeline.PipelineMetrics;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-loss audit (DESIGN §5): offsets that Kafka deleted (retention, {@code deleteRecords}) before a pipeline
 * read them are recorded in {@code <pipeline>.audit}, logged as one WARN line each and counted as
 * {@value PipelineMetrics#DATA_LOST_RECORDS}; the pipeline goes on.
 *
 * <p>How a loss is found. The Kafka source runs with failOnDataLoss=false, so Spark skips a deleted range and
 * logs it only at its own (silenced) level. Each batch writer is wrapped by {@link #audited}: before the batch's
 * data is read, the wrapper takes the batch's start offsets (the previous batch's end, from the query's offset
 * log {@code <checkpoint>/offsets/<batch-1>}, or the initial offsets for batch 0) and its end offsets
 * ({@code offsets/<batch>}), asks Kafka for each partition's earliest offset, and reports
 * {@code [start, min(earliest, end))} where the log now begins after the start.
 * <ul>
 * <li>The offset log, not the progress events: it is written before the batch runs and read again on a replay, so a
 * crash between recording and commit is followed by the same check, and nothing depends on an asynchronous
 * listener having run.</li>
 * <li>Before the read, not after: an earliest offset taken after the executors fetched would also cover records
 * they read and retention deleted afterwards, false alarms. Taken before, every reported offset is certainly lost;
 * what retention deletes in the moment between this check and the fetch is the one thing not reported (Kafka
 * deletes whole segments, so this needs a segment to expire in that moment).</li>
 * <li>Exactly once: the audit topic is read back, and only the parts of a gap that no recorded range covers are
 * written, keyed {@code topic/partition/from}. A replayed batch writes nothing new, unless retention went on
 * meanwhile and its gap is longer; then only the longer part is new.</li>
 * </ul>
 */
public final class DataLossAudit {
    private static final Logger LOG = LoggerFactory.getLogger(DataLossAudit.class);
    /** Spark sets this local property on the thread that runs a streaming query's batches. */
    private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
    /** The audit must outlive the data it reports on: no retention by time or size. */
    static final Map<String, String> TOPIC_CONFIG = Map.of("retention.ms", "-1", "retention.bytes", "-1");
    private static final int TIMEOUT_MS = 30_000;
    private static final Map<Map<String, Object>, Admin> ADMINS = new ConcurrentHashMap<>();

    private DataLossAudit() {
    }

    /** The audit topic of a pipeline: {@code <fluxo.audit.topic-prefix><pipeline>.audit}. */
    public static String topic(FluxoConfig config, String pipeline) {
        return AuditSettings.of(config).topic(pipeline);
    }

    /** Creates the pipeline's audit topic when missing (one partition, kept forever); call from {@code prepare}. */
    public static void ensureTopic(FluxoConfig config, String pipeline) {
        Topics.ensure(config.kafka().clientProperties(), List.of(topic(config, pipeline)), 1, TOPIC_CONFIG);
    }

    /**
     * {@code writer}, after this batch's data-loss check and before the test-only fault point
     * {@link FaultPoint#AFTER_SINKS} (the batch written to every sink, not yet committed to the checkpoint); for a
     * query whose checkpoint is {@code config.checkpoint(pipeline)}.
     */
    public static <T> VoidFunction2<Dataset<T>, Long> audited(String pipeline, FluxoConfig config,
            VoidFunction2<Dataset<T>, Long> writer) {
        return audited(pipeline, config.checkpoint(pipeline).toAbsolutePath().toString(), config, writer);
    }

    /** The same for a query with a checkpoint of its own (a pipeline of several queries). */
    public static <T> VoidFunction2<Dataset<T>, Long> audited(String pipeline, String checkpoint, FluxoConfig config,
            VoidFunction2<Dataset<T>, Long> writer) {
        requireNonNull(pipeline, "pipeline");
        requireNonNull(checkpoint, "checkpoint");
        requireNonNull(config, "config");
        requireNonNull(writer, "writer");
        return (batch, batchId) -> {
            SparkSession spark = batch.sparkSession();
            String queryId = spark.sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
            check(pipeline, config, spark.sparkContext().hadoopConfiguration(), checkpoint,
                    queryId == null ? "" : queryId, batchId, Clock.systemUTC());
            writer.call(batch, batchId);
            FaultPoint.haltIfArmed(FaultPoint.AFTER_SINKS, batchId);
        };
    }

    /** Records the losses of one batch and returns those it recorded now (none on a replay of a recorded batch). */
    static List<DataLoss> check(String pipeline, FluxoConfig config, Configuration hadoop, String checkpoint,
            String queryId, long batchId, Clock clock) {
        Map<TopicPartition, Long> end = offsetLog(hadoop, checkpoint + "/offsets/" + batchId);
        if (end == null || end.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Long> start = batchId == 0 ? initialOffsets(hadoop, checkpoint)
                : offsetLog(hadoop, checkpoint + "/offsets/" + (batchId - 1));
        if (start == null) {
            LOG.warn("Cannot check batch {} of {} for data loss: the start offsets are not in the checkpoint {}", batchId,
                    pipeline, checkpoint);
            return List.of();
        }
        List<DataLossGaps.Range> gaps = DataLossGaps.lost(start, end, earliest(config, end));
        if (gaps.isEmpty()) {
            return List.of();
        }
        List<DataLossGaps.Range> recorded = read(config, pipeline).stream()
                .map(l -> new DataLossGaps.Range(new TopicPartition(l.topic(), l.partition()), l.from(), l.to())).toList();
        List<DataLoss> fresh = new ArrayList<>();
        Instant now = clock.instant();
        for (DataLossGaps.Range gap : gaps) {
            for (DataLossGaps.Range r : DataLossGaps.uncovered(gap, recorded)) {
                fresh.add(new DataLoss(pipeline, r.partition().topic(), r.partition().partition(), r.from(), r.to(), now,
                        queryId, batchId));
            }
        }
        if (fresh.isEmpty()) {
            LOG.info("Batch {} of {} replays data losses already recorded in {}", batchId, pipeline, topic(config, pipeline));
            return List.of();
        }
        write(config, pipeline, fresh);
        PipelineMetrics metrics = PipelineMetrics.of(pipeline);
        for (DataLoss loss : fresh) {
            LOG.warn(loss.warning());
            metrics.add(PipelineMetrics.DATA_LOST_RECORDS, loss.count());
        }
        return fresh;
    }

    /** Every loss recorded for a pipeline, in the order recorded; none when its audit topic does not exist. */
    public static List<DataLoss> read(FluxoConfig config, String pipeline) {
        String topic = topic(config, pipeline);
        Map<String, Object> props = new HashMap<>(config.kafka().clientProperties());
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        props.put("allow.auto.create.topics", "false");
        props.put("default.api.timeout.ms", TIMEOUT_MS);
        try {
            if (!await(admin(config).listTopics().names()).contains(topic)) {
                return List.of();
            }
            List<DataLoss> losses = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
                long deadline = System.currentTimeMillis() + TIMEOUT_MS;
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < endOffsets.get(tp))) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new UserException("Cannot read the audit topic " + topic + ": not at its end after "
                                + TIMEOUT_MS / 1000 + " s");
                    }
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.value() != null) {
                            losses.add(DataLoss.fromJson(r.value()));
                        }
                    }
                }
            }
            return losses;
        } catch (org.apache.kafka.common.KafkaException e) {
            throw unreachable(config, "read the audit topic " + topic, e);
        }
    }

    private static void write(FluxoConfig config, String pipeline, List<DataLoss> losses) {
        String topic = topic(config, pipeline);
        Map<String, Object> props = new HashMap<>(config.kafka().clientProperties());
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("delivery.timeout.ms", TIMEOUT_MS * 2);
        props.put("request.timeout.ms", TIMEOUT_MS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (DataLoss loss : losses) {
                producer.send(new ProducerRecord<>(topic, loss.key(), loss.toJson())).get(TIMEOUT_MS * 3L, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw unreachable(config, "record data loss in " + topic, e.getCause());
        } catch (TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw unreachable(config, "record data loss in " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("Cannot record data loss in " + topic + ": interrupted");
        }
    }

    /** Each partition's earliest offset now; a partition Kafka no longer has (deleted topic) is left out. */
    private static Map<TopicPartition, Long> earliest(FluxoConfig config, Map<TopicPartition, Long> partitions) {
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        partitions.keySet().forEach(tp -> request.put(tp, OffsetSpec.earliest()));
        var result = admin(config).listOffsets(request);
        Map<TopicPartition, Long> earliest = new LinkedHashMap<>();
        for (TopicPartition tp : request.keySet()) {
            try {
                earliest.put(tp, await(result.partitionResult(tp)).offset());
            } catch (UserException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        return earliest;
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_MS + 5_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new UserException("Cannot check Kafka for data loss: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new UserException("Cannot check Kafka for data loss: no broker answered within " + TIMEOUT_MS / 1000 + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("Cannot check Kafka for data loss: interrupted");
        }
    }

    private static Admin admin(FluxoConfig config) {
        return ADMINS.computeIfAbsent(config.kafka().clientProperties(), props -> {
            Map<String, Object> p = new HashMap<>(props);
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            return Admin.create(p);
        });
    }

    private static UserException unreachable(FluxoConfig config, String action, Throwable cause) {
        return new UserException("Cannot " + action + " on Kafka at " + config.kafka().bootstrapServers() + ": "
                + (cause == null ? "unknown error" : cause.getMessage()), cause);
    }

    /** The Kafka offsets of one offset-log file; null when the file is not there. */
    private static Map<TopicPartition, Long> offsetLog(Configuration hadoop, String file) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            try (InputStream in = fs.open(path)) {
                return DataLossGaps.kafkaOffsets(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UserException("Cannot read the checkpoint file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Batch 0 starts at the initial offsets each Kafka source wrote under {@code sources/<n>/0}. */
    private static Map<TopicPartition, Long> initialOffsets(Configuration hadoop, String checkpoint) {
        org.apache.hadoop.fs.Path sources = new org.apache.hadoop.fs.Path(checkpoint + "/sources");
        try {
            FileSystem fs = sources.getFileSystem(hadoop);
            if (!fs.exists(sources)) {
                return null;
            }
            Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
            boolean found = false;
            for (FileStatus source : fs.listStatus(sources)) {
                Map<TopicPartition, Long> initial = offsetLog(hadoop, source.getPath() + "/0");
                if (initial != null) {
                    found = true;
                    offsets.putAll(initial);
                }
            }
            return found ? offsets : null;
        } catch (IOException e) {
            throw new UserException("Cannot read the checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
    }
}
