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

    static final String LOCATION = "k8s/examples/in-cluster-deps/postgres-initdb/01-create-databases.sql";

    private static final Pattern CREATE_DATABASE = Pattern.compile("(?im)^\\s*CREATE\\s+DATABASE\\s+([a-z0-9_]+)\\s*;");

    private PostgresInitScript() {
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
