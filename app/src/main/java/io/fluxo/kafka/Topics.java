package io.fluxo.kafka;

import io.fluxo.config.FluxoConfig.KafkaSettings;
import io.fluxo.config.UserException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Kafka topics that are missing; existing topics are left as they are. */
public final class Topics {
    private Topics() {
    }

    public static void ensure(KafkaSettings settings, Collection<String> topics, int partitions) {
        var props = new java.util.HashMap<>(settings.clientProperties());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().distinct().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(15, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new UserException("Cannot reach Kafka at " + settings.bootstrapServers() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : "no answer in 15 s")
                    + " (is the stack up? ./fluxo stack up, or set fluxo.kafka.bootstrap-servers)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("Cannot reach Kafka at " + settings.bootstrapServers() + ": interrupted");
        }
    }
}
