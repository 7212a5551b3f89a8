package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The network policies of every overlay: everything is denied unless allowed; every service and the training
 * Jobs may reach exactly the ports the topology needs (Kafka's TLS listener for all, PostgreSQL for the services
 * with a database, S3 for those with the object store, the Kubernetes API for the trainer); only the
 * inference-service takes requests from anywhere, the others only from the monitoring namespace; the serving path
 * has a disruption budget.
 */
class NetworkPoliciesTest {

    /** The labels of a training Job's pods (TrainingJobTemplate in the trainer-service). */
    static final Map<String, String> TRAINING_JOB = Map.of("app.kubernetes.io/name", "trainer-service",
            "app.kubernetes.io/component", "training-job", "app.kubernetes.io/managed-by", "trainer-service");
    static final Set<String> DNS = Set.of("UDP/53", "TCP/53");
    static final Set<String> KAFKA = Set.of("TCP/9093");
    static final Set<String> POSTGRES = Set.of("TCP/5432");
    static final Set<String> S3 = Set.of("TCP/9000", "TCP/80", "TCP/443");

    static Stream<OverlayCase> cases() {
        return OverlayCase.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachServiceReachesExactlyWhatItNeeds(OverlayCase c) {
        Map<String, String> labels = c.manifests().deployment(c.service().serviceName()).getSpec().getTemplate()
                .getMetadata().getLabels();
        Set<String> expected = new TreeSet<>(DNS);
        expected.addAll(KAFKA);
        expected.add("TCP/443"); // the JWT issuer's key set
        expected.add("TCP/4318"); // OTLP traces
        if (c.service().database().isPresent()) {
            expected.addAll(POSTGRES);
        }
        if (c.service().usesObjectStore()) {
            expected.addAll(S3);
        }
        if (c.service() == EnsembleService.TRAINER) {
            expected.add("TCP/6443");
        }
        assertThat(egressPorts(c.manifests().all(NetworkPolicy.class), labels)).as(c.toString())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void onlyTheInferenceServiceTakesRequestsFromAnywhere(OverlayCase c) {
        Map<String, String> labels = c.manifests().deployment(c.service().serviceName()).getSpec().getTemplate()
                .getMetadata().getLabels();
        List<NetworkPolicyIngressRule> rules = ingressRules(c.manifests().all(NetworkPolicy.class), labels);

        assertThat(rules).as("metrics are scraped from the monitoring namespace").anySatisfy(rule ->
                assertThat(rule.getFrom()).singleElement().satisfies(peer -> assertThat(peer.getNamespaceSelector()
                        .getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "monitoring")));
        boolean open = rules.stream().anyMatch(rule -> rule.getFrom() == null || rule.getFrom().isEmpty());
        assertThat(open).as(c + " is open to any source").isEqualTo(c.service() == EnsembleService.INFERENCE);
        rules.forEach(rule -> assertThat(rule.getPorts()).extracting(p -> p.getPort().getStrVal())
                .containsOnly("http"));
    }

    @Test
    void everythingElseIsDeniedAndTrainingJobsOnlyReachKafkaAndS3() {
        for (String overlay : Manifests.OVERLAYS) {
            List<NetworkPolicy> policies = Manifests.render(overlay).all(NetworkPolicy.class);
            assertThat(policies).as(overlay).anySatisfy(policy -> {
                assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
                assertThat(policy.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
                assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
                assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
                assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
            });
            Set<String> expected = new TreeSet<>(DNS);
            expected.addAll(KAFKA);
            expected.addAll(S3);
            assertThat(egressPorts(policies, TRAINING_JOB)).as(overlay + ": training Job")
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(ingressRules(policies, TRAINING_JOB)).as(overlay + ": nothing reaches a training Job").isEmpty();
            assertThat(egressPorts(policies, Map.of("app", "unknown"))).as("a pod no policy names: DNS only")
                    .containsExactlyInAnyOrderElementsOf(DNS);
        }
    }

    @Test
    void theServingPathKeepsAPodThroughVoluntaryDisruptions() {
        for (String overlay : Manifests.OVERLAYS) {
            Manifests manifests = Manifests.render(overlay);
            Map<String, String> labels = manifests.deployment("inference-service").getSpec().getTemplate()
                    .getMetadata().getLabels();
            PodDisruptionBudget budget = manifests.get(PodDisruptionBudget.class, "inference-service");
            assertThat(selects(budget.getSpec().getSelector(), labels)).isTrue();
            assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        }
    }

    static Set<String> egressPorts(List<NetworkPolicy> policies, Map<String, String> labels) {
        Set<String> ports = new TreeSet<>();
        policies.stream().filter(p -> selects(p.getSpec().getPodSelector(), labels))
                .filter(p -> p.getSpec().getPolicyTypes().contains("Egress"))
                .flatMap(p -> p.getSpec().getEgress() == null ? Stream.empty() : p.getSpec().getEgress().stream())
                .forEach(rule -> {
                    assertThat(rule.getPorts()).as("an egress rule without ports allows every port").isNotEmpty();
                    rule.getPorts().forEach(port -> ports.add(name(port)));
                });
        return ports;
    }

    static List<NetworkPolicyIngressRule> ingressRules(List<NetworkPolicy> policies, Map<String, String> labels) {
        return policies.stream().filter(p -> selects(p.getSpec().getPodSelector(), labels))
                .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
                .flatMap(p -> p.getSpec().getIngress() == null ? Stream.empty() : p.getSpec().getIngress().stream())
                .toList();
    }

    private static String name(NetworkPolicyPort port) {
        IntOrString value = port.getPort();
        return (port.getProtocol() == null ? "TCP" : port.getProtocol()) + "/"
                + (value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal());
    }

    /** Whether a label selector matches a pod's labels (matchLabels and In, NotIn, Exists, DoesNotExist). */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions() == null
                ? List.<LabelSelectorRequirement>of() : selector.getMatchExpressions()) {
            String value = labels.get(requirement.getKey());
            boolean ok = switch (requirement.getOperator()) {
                case "In" -> value != null && requirement.getValues().contains(value);
                case "NotIn" -> value == null || !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException(requirement.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
