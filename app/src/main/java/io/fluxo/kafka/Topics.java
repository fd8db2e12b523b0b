package io.fluxo.kafka;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.UserException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Kafka topics that are missing; existing topics are left as they are. */
public final class Topics {
    static final int TIMEOUT_MS = 10_000;

    private Topics() {
    }

    /**
     * Creates each missing topic with {@code partitions} partitions and the broker's default replication
     * factor (1 on the local stack, whatever the cluster's operators chose elsewhere). A topic created
     * meanwhile by someone else is fine.
     *
     * @return the topics this call created
     * @throws UserException when Kafka cannot be reached or refuses
     */
    public static List<String> ensure(Map<String, Object> clientProperties, Collection<String> topics, int partitions) {
        return ensure(clientProperties, topics, partitions, Map.of());
    }

    /** The same, with topic configs (e.g. retention.ms) for the topics this call creates. */
    public static List<String> ensure(Map<String, Object> clientProperties, Collection<String> topics, int partitions,
            Map<String, String> topicConfigs) {
        requireNonNull(topicConfigs, "topicConfigs");
        requireNonNull(clientProperties, "clientProperties");
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
                return List.of();
            }
            List<NewTopic> newTopics = missing.stream()
                    .map(name -> new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(topicConfigs)).toList();
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

    private static <T> T await(KafkaFuture<T> future) throws ExecutionException, InterruptedException, TimeoutException {
        return future.get(TIMEOUT_MS + 5_000L, TimeUnit.MILLISECONDS);
    }
}
