package org.affinityensemble.devstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.affinityensemble.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics of the system with their partition counts and settings, as the local stack creates them. The
 * Kubernetes manifests (k8s/base/topics) declare the same topics as Strimzi KafkaTopic resources.
 */
public final class TopicCatalog {

    /** One topic: name, partitions, topic-level configuration. */
    public record TopicSpec(String name, int partitions, Map<String, String> config) {
    }

    private static final long DAY_MS = 24L * 3600 * 1000;
    private static final String MAX_MESSAGE = String.valueOf(Topics.MAX_MESSAGE_BYTES);

    private TopicCatalog() {
    }

    public static List<TopicSpec> all() {
        List<TopicSpec> topics = new ArrayList<>();
        add(topics, Topics.DATASETS, 12, 30);
        add(topics, Topics.DATASETS_READY, 3, 7);
        add(topics, Topics.GRADIENT_REQUESTS, 12, 7);
        add(topics, Topics.GRADIENTS, 12, 7);
        add(topics, Topics.GRADIENTS_COMPLETED, 3, 7);
        add(topics, Topics.AFFINITY, 1, 7);
        add(topics, Topics.GROUPINGS, 1, 7);
        add(topics, Topics.TRAINING_RESULTS, 3, 7);
        add(topics, Topics.ENSEMBLES, 1, 7);
        return List.copyOf(topics);
    }

    private static void add(List<TopicSpec> topics, String name, int partitions, int retentionDays) {
        topics.add(new TopicSpec(name, partitions, Map.of(
                "retention.ms", String.valueOf(retentionDays * DAY_MS),
                "max.message.bytes", MAX_MESSAGE)));
        topics.add(new TopicSpec(Topics.deadLetter(name), 1, Map.of(
                "retention.ms", String.valueOf(14 * DAY_MS),
                "max.message.bytes", MAX_MESSAGE)));
    }

    /** Creates the catalogue's topics that do not exist yet on the broker; one that appears meanwhile is fine. */
    public static void createMissing(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = all().stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> new NewTopic(topic.name(), topic.partitions(), (short) 1).configs(topic.config()))
                    .toList();
            if (!missing.isEmpty()) {
                for (var created : admin.createTopics(missing).values().entrySet()) {
                    try {
                        created.getValue().get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        // A request the client retried after a timeout may find its own earlier attempt done.
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers, e);
        }
    }
}
