package org.affinityensemble.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a container gets, resolved the way the kubelet does it: {@code envFrom} sources first, then
 * {@code env} in order, each {@code $(VAR)} expanded from the variables defined before it ({@code $$(VAR)}
 * stays literal, an unknown reference stays as written). ConfigMaps come from the same rendered manifests;
 * Secret and downward-API values stay references, since their values are not in the repository.
 */
final class ContainerEnvironment {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private ContainerEnvironment() {
    }

    static Map<String, EnvValue> resolve(Container container, Manifests manifests) {
        Map<String, EnvValue> environment = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            String prefix = source.getPrefix() == null ? "" : source.getPrefix();
            if (source.getConfigMapRef() != null) {
                ConfigMap configMap = manifests.configMap(source.getConfigMapRef().getName());
                configMap.getData().forEach((key, value) -> environment.put(prefix + key, EnvValue.literal(value)));
            } else {
                throw new IllegalArgumentException(container.getName() + ": envFrom other than a ConfigMap: " + source);
            }
        }
        for (EnvVar variable : container.getEnv()) {
            environment.put(variable.getName(), valueOf(variable, environment, manifests));
        }
        return environment;
    }

    private static EnvValue valueOf(EnvVar variable, Map<String, EnvValue> defined, Manifests manifests) {
        if (variable.getValueFrom() == null) {
            return EnvValue.literal(expand(variable.getValue() == null ? "" : variable.getValue(), defined));
        }
        EnvVarSource source = variable.getValueFrom();
        if (source.getConfigMapKeyRef() != null) {
            String key = source.getConfigMapKeyRef().getKey();
            String value = manifests.configMap(source.getConfigMapKeyRef().getName()).getData().get(key);
            if (value == null) {
                throw new IllegalStateException(variable.getName() + ": no key " + key + " in its ConfigMap");
            }
            return EnvValue.literal(value);
        }
        if (source.getSecretKeyRef() != null) {
            return EnvValue.secret(source.getSecretKeyRef().getName(), source.getSecretKeyRef().getKey());
        }
        if (source.getFieldRef() != null) {
            return EnvValue.field(source.getFieldRef().getFieldPath());
        }
        throw new IllegalArgumentException(variable.getName() + ": unsupported source " + source);
    }

    private static String expand(String value, Map<String, EnvValue> defined) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) == null) {
                replacement = "$";
            } else {
                EnvValue referenced = defined.get(matcher.group(1));
                replacement = referenced != null && referenced.isLiteral() ? referenced.literal() : matcher.group();
            }
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }
}
