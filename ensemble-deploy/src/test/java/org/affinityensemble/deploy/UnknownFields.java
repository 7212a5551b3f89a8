package org.affinityensemble.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds fields the Kubernetes model does not know. fabric8 keeps such fields in each object's
 * {@code additionalProperties} instead of failing, so a misspelt {@code readinesProbe} would parse silently
 * and be dropped (or rejected) by the API server; this walk over the typed object tree reports them. Strimzi's
 * models keep unknown fields the same way.
 */
final class UnknownFields {

    /** The packages of the typed models: Kubernetes' own kinds and Strimzi's custom resources. */
    private static final List<String> MODEL_PACKAGES = List.of("io.fabric8.kubernetes.api.model", "io.strimzi.api");

    private UnknownFields() {
    }

    /**
     * Paths such as {@code spec.template.spec.containers[0].readinesProbe}, empty when every field is known (each
     * path once, although some models expose the same unknown field through two getters).
     */
    static List<String> of(Object object) {
        Set<String> found = new LinkedHashSet<>();
        walk(object, "", found);
        return List.copyOf(found);
    }

    private static void walk(Object value, String path, Set<String> found) {
        if (value == null || value instanceof GenericKubernetesResource) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                walk(element, path + "[" + index++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> walk(element, path + "[" + key + "]", found));
            return;
        }
        if (MODEL_PACKAGES.stream().noneMatch(value.getClass().getPackageName()::startsWith)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (!isPropertyGetter(getter)) {
                continue;
            }
            Object property = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) property).keySet().forEach(key -> found.add(join(path, String.valueOf(key))));
            } else {
                walk(property, join(path, propertyName(getter)), found);
            }
        }
    }

    private static boolean isPropertyGetter(Method method) {
        return method.getName().startsWith("get") && method.getParameterCount() == 0
                && !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class;
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }

    private static String propertyName(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
