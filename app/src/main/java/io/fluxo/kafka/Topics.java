package io.fluxo.kafka;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.UserException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates Kafka topics that are missing; existing topics are left as they are. */
public final class Topics {
    static final int TIMEOUT_MS = 10_000;

    private Topics() {
    }

    /**
     * Creates each missing topic with {@code partitions} partitions and the broker's default replication
     * factor (1 on the local stack, whatever the cluster's operators chose elsewhere). A topic created
     * meanwhile by someone else is fine. Returns once every partition of {@code topics} accepts writes on its
     * leader: a KRaft broker publishes a new partition in its metadata before its replica manager hosts it, and an
     * idempotent producer writing in that window can lose a batch (see {@link #awaitWritable}).
     *
     * @return the topics this call created
     * @throws UserException when Kafka cannot be reached or refuses
     */
    public static List<String> ensure(Map<String, Object> clientProperties, Collection<String> topics, int partitions) {
        return ensure(clientProperties, topics, partitions, Map.of());
    }

    /** As {@link #ensure(Map, Collection, int)}, creating missing topics with these topic configs (e.g. cleanup.policy). */
    public static List<String> ensure(Map<String, Object> clientProperties, Collection<String> topics, int partitions,
            Map<String, String> topicConfigs) {
        requireNonNull(clientProperties, "clientProperties");
        requireNonNull(topicConfigs, "topicConfigs");
        requireNonNull(topics, "topics");
        if (partitions < 1) {
            throw new IllegalArgumentException("Invalid partitions: " + partitions + " (must be at least 1)");
        }
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        String bootstrap = String.valueOf(clientProperties.get("bootstrap.servers"));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = await(admin.listTopics().names());
            Set<String> missing = new LinkedHashSet<>(topics);
            missing.removeAll(existing);
            if (missing.isEmpty()) {
                awaitWritable(admin, bootstrap, topics);
                return List.of();
            }
            List<NewTopic> newTopics = missing.stream()
                    .map(name -> new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(topicConfigs))
                    .toList();
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> e : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    await(e.getValue());
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                }
            }
            awaitWritable(admin, bootstrap, topics);
            return created;
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(bootstrap, e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("Cannot create topics on Kafka at " + bootstrap + ": interrupted");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw unreachable(bootstrap, e);
        }
    }

    /** Defaults the settings' client properties: bootstrap servers plus the pass-through ones. */
    public static List<String> ensure(io.fluxo.config.FluxoConfig.KafkaSettings settings, Collection<String> topics,
            int partitions) {
        return ensure(settings.clientProperties(), topics, partitions);
    }

    private static UserException unreachable(String bootstrap, Throwable cause) {
        String reason = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
                ? "no broker answered within " + TIMEOUT_MS / 1000 + " s" : String.valueOf(cause.getMessage());
        return new UserException("Cannot reach Kafka at " + bootstrap + ": " + reason
                + " (is the stack up? ./fluxo stack up, or set fluxo.kafka.bootstrap-servers)", cause);
    }

    /**
     * Waits until the leader of every partition of {@code topics} answers ListOffsets, which it does only once its
     * replica manager hosts the partition. Until then the broker's metadata already names it leader but refuses
     * produce requests with NOT_LEADER_OR_FOLLOWER; an idempotent producer with several requests in flight then
     * gets a later batch written first (a partition without producer state takes any first sequence), and the
     * refused batch's retries fail with OutOfOrderSequenceException until delivery.timeout.ms drops it
     * (KAFKA-15591, fixed in the broker from Kafka 4.5).
     */
    static void awaitWritable(Admin admin, String bootstrap, Collection<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        Map<String, TopicDescription> descriptions = null;
        while (descriptions == null) {
            try {
                descriptions = await(admin.describeTopics(topics).allTopicNames());
            } catch (ExecutionException e) {
                // Just created: this broker's metadata may not list the topic yet.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
        Map<TopicPartition, OffsetSpec> partitions = new LinkedHashMap<>();
        descriptions.values().forEach(d -> d.partitions()
                .forEach(p -> partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        ListOffsetsResult offsets = admin.listOffsets(partitions);
        for (TopicPartition tp : partitions.keySet()) {
            try {
                await(offsets.partitionResult(tp));
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new UserException("Cannot use topic " + tp.topic() + " on Kafka at " + bootstrap + ": partition "
                        + tp + " does not accept writes on its leader (" + cause.getClass().getSimpleName() + ": "
                        + cause.getMessage() + ")", cause);
            }
        }
    }

    private static <T> T await(KafkaFuture<T> future) throws ExecutionException, InterruptedException, TimeoutException {
        return future.get(TIMEOUT_MS + 5_000L, TimeUnit.MILLISECONDS);
    }
}
