package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trainer-service may create, follow and delete batch/v1 Jobs and read their pods and logs in its own
 * namespace, through a Role bound to the ServiceAccount its Deployment runs as; nothing more, and no other
 * pod gets a Kubernetes API token.
 */
class TrainerRbacTest {

    static Stream<String> overlays() {
        return Manifests.OVERLAYS.stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void trainerMayManageJobsAndReadTheirPods(String overlay) {
        Role role = trainerRole(Manifests.render(overlay));

        for (String verb : List.of("create", "watch", "list", "get", "delete")) {
            assertThat(allows(role, "batch", "jobs", verb)).as("jobs.batch " + verb).isTrue();
        }
        for (String verb : List.of("get", "list", "watch")) {
            assertThat(allows(role, "", "pods", verb)).as("pods " + verb).isTrue();
        }
        assertThat(allows(role, "", "pods/log", "get")).as("pods/log get").isTrue();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void trainerMayDoNothingElse(String overlay) {
        Role role = trainerRole(Manifests.render(overlay));

        assertThat(role.getRules()).allSatisfy(rule -> {
            assertThat(rule.getVerbs()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getApiGroups()).doesNotContain("*");
        });
        assertThat(allows(role, "", "secrets", "get")).isFalse();
        assertThat(allows(role, "", "pods", "create")).isFalse();
        assertThat(allows(role, "", "pods/exec", "create")).isFalse();
        assertThat(allows(role, "apps", "deployments", "create")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void roleIsBoundToTheServiceAccountTheTrainerRunsAs(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        Role role = trainerRole(manifests);
        PodSpec trainerPod = manifests.deployment("trainer-service").getSpec().getTemplate().getSpec();
        String serviceAccount = trainerPod.getServiceAccountName();
        manifests.get(ServiceAccount.class, serviceAccount);

        List<RoleBinding> bindings = manifests.all(RoleBinding.class).stream()
                .filter(binding -> binding.getRoleRef().getKind().equals("Role")
                        && binding.getRoleRef().getName().equals(role.getMetadata().getName()))
                .toList();
        assertThat(bindings).hasSize(1);
        Subject subject = bindings.get(0).getSubjects().get(0);
        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
        assertThat(subject.getName()).isEqualTo(serviceAccount);
        assertThat(subject.getNamespace()).isEqualTo(role.getMetadata().getNamespace());
        assertThat(trainerPod.getAutomountServiceAccountToken()).isNotEqualTo(Boolean.FALSE);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noOtherPodGetsAnApiToken(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        for (Deployment deployment : manifests.all(Deployment.class)) {
            if (!deployment.getMetadata().getName().equals("trainer-service")) {
                assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                        .as(deployment.getMetadata().getName()).isFalse();
            }
        }
        String jobAccount = manifests.configMap("trainer-service-config").getData()
                .get("ENSEMBLE_TRAINER_KUBERNETES_SERVICE_ACCOUNT");
        assertThat(manifests.get(ServiceAccount.class, jobAccount).getAutomountServiceAccountToken())
                .as("training Jobs' ServiceAccount").isFalse();
    }

    private static Role trainerRole(Manifests manifests) {
        List<Role> roles = manifests.all(Role.class);
        assertThat(roles).hasSize(1);
        return roles.get(0);
    }

    /** Whether one of the role's rules grants {@code verb} on {@code resource} of {@code apiGroup}, as RBAC evaluates it. */
    static boolean allows(Role role, String apiGroup, String resource, String verb) {
        for (PolicyRule rule : role.getRules()) {
            boolean group = rule.getApiGroups().contains(apiGroup) || rule.getApiGroups().contains("*");
            boolean resources = rule.getResources().contains(resource) || rule.getResources().contains("*");
            boolean verbs = rule.getVerbs().contains(verb) || rule.getVerbs().contains("*");
            if (group && resources && verbs && rule.getResourceNames().isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
