package org.affinityensemble.deploy;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Kubernetes "restricted" Pod Security Standard (the baseline rules and the restricted ones, as Pod Security
 * Admission checks them at version latest): what a pod spec breaks, one line per rule and container.
 */
final class RestrictedPodSecurity {

    private static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

    private RestrictedPodSecurity() {
    }

    static List<String> violations(PodSpec pod) {
        List<String> found = new ArrayList<>();
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            found.add("host namespaces are shared");
        }
        for (Volume volume : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
            String type = volumeType(volume);
            if (!ALLOWED_VOLUMES.contains(type)) {
                found.add("volume " + volume.getName() + " is of type " + type);
            }
        }
        PodSecurityContext podContext = pod.getSecurityContext() == null ? new PodSecurityContext()
                : pod.getSecurityContext();
        if (podContext.getSysctls() != null) {
            podContext.getSysctls().stream().filter(s -> !SAFE_SYSCTLS.contains(s.getName()))
                    .forEach(s -> found.add("unsafe sysctl " + s.getName()));
        }
        if (Long.valueOf(0).equals(podContext.getRunAsUser())) {
            found.add("the pod runs as user 0");
        }
        if (podContext.getSeLinuxOptions() != null && (podContext.getSeLinuxOptions().getUser() != null
                || podContext.getSeLinuxOptions().getRole() != null)) {
            found.add("the pod sets an SELinux user or role");
        }
        boolean podSeccomp = allowedSeccomp(podContext.getSeccompProfile());
        if (podContext.getSeccompProfile() != null && !podSeccomp) {
            found.add("the pod's seccomp profile is " + podContext.getSeccompProfile().getType());
        }
        boolean podNonRoot = Boolean.TRUE.equals(podContext.getRunAsNonRoot());
        List<Container> containers = Stream.concat(list(pod.getInitContainers()).stream(),
                list(pod.getContainers()).stream()).toList();
        for (Container container : containers) {
            String name = "container " + container.getName();
            SecurityContext context = container.getSecurityContext() == null ? new SecurityContext()
                    : container.getSecurityContext();
            if (Boolean.TRUE.equals(context.getPrivileged())) {
                found.add(name + " is privileged");
            }
            if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
                found.add(name + " does not set allowPrivilegeEscalation: false");
            }
            if (!podNonRoot && !Boolean.TRUE.equals(context.getRunAsNonRoot())
                    || Boolean.FALSE.equals(context.getRunAsNonRoot())) {
                found.add(name + " may run as root (runAsNonRoot is not true)");
            }
            if (Long.valueOf(0).equals(context.getRunAsUser())) {
                found.add(name + " runs as user 0");
            }
            if (context.getSeccompProfile() != null ? !allowedSeccomp(context.getSeccompProfile()) : !podSeccomp) {
                found.add(name + " has no RuntimeDefault or Localhost seccomp profile");
            }
            Capabilities capabilities = context.getCapabilities();
            if (capabilities == null || capabilities.getDrop() == null || !capabilities.getDrop().contains("ALL")) {
                found.add(name + " does not drop ALL capabilities");
            }
            if (capabilities != null && capabilities.getAdd() != null) {
                capabilities.getAdd().stream().filter(c -> !c.equals("NET_BIND_SERVICE"))
                        .forEach(c -> found.add(name + " adds capability " + c));
            }
            if (context.getProcMount() != null && !context.getProcMount().equals("Default")) {
                found.add(name + " sets procMount " + context.getProcMount());
            }
            for (ContainerPort port : list(container.getPorts())) {
                if (port.getHostPort() != null && port.getHostPort() != 0) {
                    found.add(name + " uses host port " + port.getHostPort());
                }
            }
        }
        return found;
    }

    private static boolean allowedSeccomp(SeccompProfile profile) {
        return profile != null && ("RuntimeDefault".equals(profile.getType()) || "Localhost".equals(profile.getType()));
    }

    private static String volumeType(Volume volume) {
        java.util.Map<?, ?> fields = Manifests.serialization().convertValue(volume, java.util.Map.class);
        return fields.keySet().stream().map(String::valueOf).filter(key -> !key.equals("name")).findFirst()
                .orElse("none");
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }
}
