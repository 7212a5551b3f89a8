package org.affinityensemble.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same three services as containers, for machines with a Docker engine (a developer laptop, a CI runner
 * with Docker). Not exercised on the project's own machines, which have no Docker engine.
 */
final class ContainerStack {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    static final String POSTGRES_IMAGE = "postgres:15";
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    private ContainerStack() {
    }

    /** True when a Docker engine answers; cheap when none is configured (no socket, no DOCKER_HOST). */
    static boolean dockerReachable() {
        boolean configured = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!configured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static DevStack start() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE);
        MinIOContainer minio = new MinIOContainer(MINIO_IMAGE);
        kafka.start();
        postgres.start();
        minio.start();
        PostgresDatabases databases = new PostgresDatabases(postgres.getHost(), postgres.getMappedPort(5432),
                postgres.getUsername(), postgres.getPassword());
        LocalTraceReceiver traces = LocalTraceReceiver.start();
        Endpoints endpoints = new Endpoints(kafka.getBootstrapServers(), postgres.getHost(),
                postgres.getMappedPort(5432), postgres.getUsername(), postgres.getPassword(), minio.getS3URL(),
                minio.getUserName(), minio.getPassword(),
                // The reader is the root user here: no separate read-only identity is set up in the container.
                minio.getUserName(), minio.getPassword(), traces.endpoint(), "");
        TopicCatalog.createMissing(endpoints.kafkaBootstrapServers());
        return DevStack.of(endpoints, databases, List.of(kafka::stop, postgres::stop, minio::stop, traces));
    }
}
