package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.affinityensemble.devstack.TopicCatalog.TopicSpec;
import org.affinityensemble.devstack.TopicCatalog;
import org.affinityensemble.events.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every topic of {@link Topics} and its dead-letter twin is a Strimzi KafkaTopic with the partitions, retention
 * and message size of the topic catalogue the local stack uses ({@link TopicCatalog}), deleting (never
 * compacting) old records.
 */
class KafkaTopicsTest {

    private static final long DAY_MS = 24L * 3600 * 1000;

    static Stream<String> overlays() {
        return Stream.concat(Stream.of(Manifests.BASE), Manifests.OVERLAYS.stream());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void declaresEveryTopicAndItsDeadLetterTwin(String overlay) {
        List<String> declared = topics(overlay).stream().map(KafkaTopicsTest::topicName).toList();

        List<String> expected = eventTopics().stream()
                .flatMap(topic -> Stream.of(topic, Topics.deadLetter(topic))).toList();
        assertThat(declared).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void matchesTheTopicCatalogue(String overlay) {
        List<GenericKubernetesResource> topics = topics(overlay);
        for (TopicSpec expected : TopicCatalog.all()) {
            GenericKubernetesResource topic = topics.stream()
                    .filter(candidate -> topicName(candidate).equals(expected.name())).findFirst().orElseThrow();
            Map<String, Object> config = config(topic);

            assertThat(partitions(topic)).as(expected.name()).isEqualTo(expected.partitions()).isPositive();
            assertThat(String.valueOf(config.get("retention.ms"))).as(expected.name())
                    .isEqualTo(expected.config().get("retention.ms"));
            assertThat(String.valueOf(config.get("max.message.bytes"))).as(expected.name())
                    .isEqualTo(expected.config().get("max.message.bytes"));
            assertThat(config.get("cleanup.policy")).as(expected.name()).isEqualTo("delete");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void keepsDatasetsThirtyDaysDeadLettersFourteenAndTheRestSeven(String overlay) {
        for (GenericKubernetesResource topic : topics(overlay)) {
            String name = topicName(topic);
            long retentionDays = Long.parseLong(String.valueOf(config(topic).get("retention.ms"))) / DAY_MS;
            long expectedDays = name.endsWith(".dlq") ? 14 : name.equals(Topics.DATASETS) ? 30 : 7;
            assertThat(retentionDays).as(name).isEqualTo(expectedDays);
        }
        assertThat(config(topic(overlay, Topics.GRADIENTS)).get("max.message.bytes")).isEqualTo(2097152);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void belongsToTheKafkaClusterWithReachableReplication(String overlay) {
        for (GenericKubernetesResource topic : topics(overlay)) {
            String name = topicName(topic);
            int replicas = ((Number) spec(topic).get("replicas")).intValue();
            int minInSync = ((Number) config(topic).get("min.insync.replicas")).intValue();

            assertThat(topic.getMetadata().getLabels()).as(name).containsEntry("strimzi.io/cluster", "ensemble-kafka");
            assertThat(topic.getMetadata().getName()).as(name).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
            assertThat(minInSync).as(name + " min.insync.replicas").isBetween(1, replicas);
        }
        if (overlay.endsWith("dev-cpu")) {
            assertThat(topics(overlay)).as("a single broker holds one replica")
                    .allSatisfy(topic -> assertThat(spec(topic).get("replicas")).isEqualTo(1));
        }
    }

    /** The topic names {@link Topics} declares as constants. */
    static List<String> eventTopics() {
        return Stream.of(Topics.class.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .map(KafkaTopicsTest::constant).toList();
    }

    static List<GenericKubernetesResource> topics(String overlay) {
        return Manifests.render(overlay).custom("KafkaTopic");
    }

    private static GenericKubernetesResource topic(String overlay, String name) {
        return topics(overlay).stream().filter(topic -> topicName(topic).equals(name)).findFirst().orElseThrow();
    }

    private static String topicName(GenericKubernetesResource topic) {
        Object topicName = spec(topic).get("topicName");
        return topicName != null ? (String) topicName : topic.getMetadata().getName();
    }

    private static int partitions(GenericKubernetesResource topic) {
        return ((Number) spec(topic).get("partitions")).intValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource topic) {
        return (Map<String, Object>) topic.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(GenericKubernetesResource topic) {
        return (Map<String, Object>) spec(topic).get("config");
    }

    private static String constant(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
