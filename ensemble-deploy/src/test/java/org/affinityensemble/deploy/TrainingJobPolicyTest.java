package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admission policy of k8s/cluster, against what the overlays deploy: it denies (not only warns), fails closed,
 * takes its parameters from the trainer's own ConfigMap in the Job's namespace, which holds every key the rules
 * read, in every overlay; it matches the trainer's ServiceAccount and the namespaces the overlays create. (The rules
 * themselves are evaluated against the trainer's Jobs in trainer-service's TrainingJobAdmissionPolicyTest.)
 */
class TrainingJobPolicyTest {

    private static final Pattern PARAMETER = Pattern.compile("params\\.data\\.([A-Z0-9_]+)");
    /** Keys the rules read only after checking that they are present ({@code 'KEY' in params.data}). */
    private static final Set<String> OPTIONAL = Set.of("ENSEMBLE_TRAINER_KUBERNETES_MODEL_VOLUME_CLAIM");

    private static final Manifests CLUSTER = Manifests.render(Manifests.CLUSTER);

    static Stream<String> overlays() {
        return Manifests.OVERLAYS.stream();
    }

    @Test
    void theBindingDeniesAndThePolicyFailsClosed() {
        ValidatingAdmissionPolicy policy = policy();
        ValidatingAdmissionPolicyBinding binding = CLUSTER.get(ValidatingAdmissionPolicyBinding.class,
                policy.getMetadata().getName());

        assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
        assertThat(binding.getSpec().getPolicyName()).isEqualTo(policy.getMetadata().getName());
        assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
        assertThat(binding.getSpec().getParamRef().getParameterNotFoundAction()).isEqualTo("Deny");
        assertThat(binding.getSpec().getParamRef().getNamespace()).as("the Job's own namespace").isNull();
        assertThat(policy.getSpec().getMatchConstraints().getResourceRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("batch");
            assertThat(rule.getResources()).containsExactly("jobs");
            assertThat(rule.getOperations()).contains("CREATE", "UPDATE");
        });
        assertThat(CLUSTER.all()).allSatisfy(object -> assertThat(object.getMetadata().getNamespace())
                .as("cluster-scoped").isNull());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void itMatchesTheTrainersServiceAccountInTheNamespaceTheOverlayCreates(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        String account = manifests.deployment("trainer-service").getSpec().getTemplate().getSpec()
                .getServiceAccountName();
        Namespace namespace = manifests.all(Namespace.class).get(0);
        ValidatingAdmissionPolicyBinding binding = CLUSTER.get(ValidatingAdmissionPolicyBinding.class,
                policy().getMetadata().getName());

        assertThat(policy().getSpec().getMatchConditions()).singleElement().satisfies(condition ->
                assertThat(condition.getExpression()).contains("':" + account + "'"));
        assertThat(namespace.getMetadata().getLabels())
                .containsAllEntriesOf(binding.getSpec().getMatchResources().getNamespaceSelector().getMatchLabels());
        assertThat(binding.getSpec().getParamRef().getName()).isEqualTo("trainer-service-config");
        assertThat(manifests.configMap("trainer-service-config").getMetadata().getNamespace())
                .isEqualTo(namespace.getMetadata().getName());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theTrainersConfigMapHoldsEveryKeyTheRulesRead(String overlay) {
        Map<String, String> data = Manifests.render(overlay).configMap("trainer-service-config").getData();

        Set<String> read = parametersRead();
        assertThat(read).contains("ENSEMBLE_TRAINER_KUBERNETES_IMAGE", "ENSEMBLE_TRAINER_KUBERNETES_SERVICE_ACCOUNT",
                "ENSEMBLE_TRAINER_KUBERNETES_S3_SECRET");
        for (String key : read) {
            if (!OPTIONAL.contains(key)) {
                assertThat(data).as(overlay + ": trainer-service-config").containsKey(key);
            }
        }
    }

    private static Set<String> parametersRead() {
        Set<String> keys = new TreeSet<>();
        for (Validation validation : policy().getSpec().getValidations()) {
            for (String text : new String[] {validation.getExpression(), validation.getMessageExpression()}) {
                if (text != null) {
                    Matcher matcher = PARAMETER.matcher(text);
                    while (matcher.find()) {
                        keys.add(matcher.group(1));
                    }
                }
            }
        }
        return keys;
    }

    private static ValidatingAdmissionPolicy policy() {
        return CLUSTER.all(ValidatingAdmissionPolicy.class).get(0);
    }
}
