package org.affinityensemble.deploy;

/**
 * One environment variable as a container will see it: a literal (after ConfigMap lookup and {@code $(VAR)}
 * expansion), a key of a Secret, or a field of the pod (downward API).
 */
record EnvValue(String literal, String secretName, String secretKey, String fieldPath) {

    static EnvValue literal(String value) {
        return new EnvValue(value, null, null, null);
    }

    static EnvValue secret(String name, String key) {
        return new EnvValue(null, name, key, null);
    }

    static EnvValue field(String path) {
        return new EnvValue(null, null, null, path);
    }

    boolean isLiteral() {
        return literal != null;
    }

    boolean isSecret() {
        return secretName != null;
    }
}
