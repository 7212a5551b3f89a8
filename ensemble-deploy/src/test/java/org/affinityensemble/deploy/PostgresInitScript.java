package org.affinityensemble.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The databases the shared PostgreSQL init script creates (mounted by docker-compose.yml and turned into a
 * ConfigMap by the in-cluster example).
 */
final class PostgresInitScript {

    static final String LOCATION = "k8s/examples/in-cluster-deps/postgres-initdb/01-service-databases.sql";

    private static final Pattern CREATE_DATABASE =
            Pattern.compile("(?im)^\\s*CREATE\\s+DATABASE\\s+([a-z0-9_]+)(\\s+OWNER\\s+([a-z0-9_]+))?\\s*;");

    private PostgresInitScript() {
    }

    /** Each database's owner as the script creates it (null where it names none). */
    static java.util.Map<String, String> owners() {
        java.util.Map<String, String> owners = new java.util.LinkedHashMap<>();
        CREATE_DATABASE.matcher(text()).results().forEach(match -> owners.put(match.group(1), match.group(3)));
        return owners;
    }

    private static String text() {
        Path script = RepositoryLayout.path(LOCATION);
        try {
            return Files.readString(script);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + script, e);
        }
    }

    static List<String> databases() {
        Path script = RepositoryLayout.path(LOCATION);
        try {
            return CREATE_DATABASE.matcher(Files.readString(script)).results().map(match -> match.group(1)).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + script, e);
        }
    }
}
