package org.affinityensemble.devstack;

/**
 * How to reach a running stack: the Kafka bootstrap servers, the PostgreSQL server, the S3 endpoint with
 * its credentials (a writer's key, and a reader's for the services that only read), and where spans go (an
 * OTLP/HTTP endpoint). Services receive these as configuration.
 * {@code databaseSuffix} is appended to every database name the stack is asked for (empty for {@code bin/ensemble
 * up}; a throw-away stack on the machine's shared PostgreSQL gets one per checkout, {@link #checkoutSuffix()}, so
 * that the tests of two checkouts running at once never drop each other's databases).
 */
public record Endpoints(String kafkaBootstrapServers, String postgresHost, int postgresPort, String postgresUser,
        String postgresPassword, String s3Endpoint, String s3AccessKey, String s3SecretKey, String s3ReaderAccessKey,
        String s3ReaderSecretKey, String otlpEndpoint, String databaseSuffix) {

    public Endpoints {
        databaseSuffix = databaseSuffix == null ? "" : databaseSuffix;
    }

    /** The name a logical database has on the server. */
    public String databaseName(String database) {
        return database + databaseSuffix;
    }

    /** The Vert.x reactive URL of a database on this stack's server, as Quarkus' reactive datasource takes it. */
    public String reactiveUrl(String database) {
        return "postgresql://" + postgresHost + ":" + postgresPort + "/" + databaseName(database);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + databaseName(database);
    }

    /** {@code _} and 8 hex digits of a hash of the working directory's absolute path: one per checkout and module. */
    public static String checkoutSuffix() {
        String path = java.nio.file.Path.of("").toAbsolutePath().normalize().toString();
        return String.format("_%08x", path.hashCode());
    }
}
