package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each service's Kafka user (k8s/base/kafka-users.yaml) may read exactly the topics its application.properties
 * consumes, in its own consumer group, and write exactly the topics it produces plus the dead-letter twins of
 * those it consumes; the training Jobs' user may write ensemble.training-results and nothing else.
 */
class KafkaUsersTest {

    private static final Pattern INCOMING = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic");
    private static final Pattern OUTGOING = Pattern.compile("mp\\.messaging\\.outgoing\\.([^.]+)\\.topic");

    /** What a user's ACLs allow. */
    record Grants(Set<String> reads, Set<String> writes, Set<String> groups) {
    }

    @ParameterizedTest
    @EnumSource(EnsembleService.class)
    void aServiceReadsWhatItConsumesAndWritesWhatItProduces(EnsembleService service) {
        Properties properties = service.applicationProperties();
        Set<String> reads = new TreeSet<>();
        Set<String> writes = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher incoming = INCOMING.matcher(key);
            if (incoming.matches()) {
                String channel = "mp.messaging.incoming." + incoming.group(1) + ".";
                reads.add(properties.getProperty(key));
                String group = properties.getProperty(channel + "group.id");
                groups.add(group.contains("${") ? "inference-*" : group);
                if ("dead-letter-queue".equals(properties.getProperty(channel + "failure-strategy"))) {
                    writes.add(properties.getProperty(channel + "dead-letter-queue.topic"));
                }
            }
            if (OUTGOING.matcher(key).matches()) {
                writes.add(properties.getProperty(key));
            }
        }
        assertThat(reads).as("a service that consumes nothing needs no user").isNotEmpty();

        assertThat(grants(user(service.serviceName()))).isEqualTo(new Grants(reads, writes, groups));
    }

    @Test
    void trainingJobsWriteTrainingResultsOnly() {
        assertThat(grants(user("ensemble-training-job")))
                .isEqualTo(new Grants(Set.of(), Set.of("ensemble.training-results"), Set.of()));
    }

    @Test
    void theInferenceServiceInstancesReadInGroupsOfTheirOwnPrefix() {
        assertThat(EnsembleService.INFERENCE.applicationProperties().getProperty("inference.consumer-group"))
                .startsWith("inference-");
    }

    private static KafkaUser user(String name) {
        GenericKubernetesResource generic = Manifests.render(Manifests.BASE).custom("KafkaUser").stream()
                .filter(u -> u.getMetadata().getName().equals(name)).findFirst().orElseThrow();
        KafkaUser user = Manifests.serialization().convertValue(generic, KafkaUser.class);
        assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "ensemble-kafka");
        assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
        return user;
    }

    private static Grants grants(KafkaUser user) {
        Set<String> reads = new TreeSet<>();
        Set<String> writes = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        for (AclRule rule : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
            assertThat(rule.getOperations()).doesNotContain(AclOperation.ALL, AclOperation.ALTER,
                    AclOperation.DELETE, AclOperation.CREATE, AclOperation.ALTERCONFIGS, AclOperation.CLUSTERACTION);
            if (rule.getResource() instanceof AclRuleTopicResource topic) {
                assertThat(topic.getPatternType().toValue()).as(topic.getName()).isEqualTo("literal");
                if (rule.getOperations().contains(AclOperation.READ)) {
                    reads.add(topic.getName());
                }
                if (rule.getOperations().contains(AclOperation.WRITE)) {
                    writes.add(topic.getName());
                }
            } else if (rule.getResource() instanceof AclRuleGroupResource group) {
                groups.add(group.getName() + (group.getPatternType().toValue().equals("prefix") ? "*" : ""));
            } else {
                throw new AssertionError("an ACL on something other than a topic or a group: " + rule.getResource());
            }
        }
        return new Grants(reads, writes, groups);
    }

}
