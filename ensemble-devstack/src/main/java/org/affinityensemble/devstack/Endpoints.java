package org.affinityensemble.devstack;

/**
 * How to reach a running stack: the Kafka bootstrap servers, the PostgreSQL server, the S3 endpoint with
 * its credentials, and where spans go (an OTLP/HTTP endpoint). Services receive these as configuration.
 */
public record Endpoints(String kafkaBootstrapServers, String postgresHost, int postgresPort, String postgresUser,
        String postgresPassword, String s3Endpoint, String s3AccessKey, String s3SecretKey, String otlpEndpoint) {

    /** The Vert.x reactive URL of a database on this stack's server, as Quarkus' reactive datasource takes it. */
    public String reactiveUrl(String database) {
        return "postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }
}
