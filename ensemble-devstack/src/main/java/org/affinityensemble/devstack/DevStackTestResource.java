package org.affinityensemble.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the JVM's shared {@link DevStack}: the real broker, a fresh database of
 * its own on the real PostgreSQL server, and the real S3 server. Use with
 * {@code @QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database",
 * value = "trainer_test"))}. With {@code @ResourceArg(name = "s3-identity", value = "reader")} the service gets the
 * stack's read-only S3 key (that of the services that only read), else the writer's.
 */
public class DevStackTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "ensemble_test";
    private String bucket = "affinity-ensemble-test";
    private boolean reader;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        bucket = initArgs.getOrDefault("bucket", bucket);
        String identity = initArgs.getOrDefault("s3-identity", "writer");
        if (!identity.equals("writer") && !identity.equals("reader")) {
            throw new IllegalArgumentException("s3-identity must be writer or reader, not " + identity);
        }
        reader = identity.equals("reader");
    }

    @Override
    public Map<String, String> start() {
        DevStack stack = DevStack.shared();
        stack.ensureDatabase(database, true);
        Endpoints endpoints = stack.endpoints();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", endpoints.kafkaBootstrapServers());
        config.put("quarkus.datasource.reactive.url", endpoints.reactiveUrl(database));
        config.put("quarkus.datasource.username", endpoints.postgresUser());
        if (!endpoints.postgresPassword().isEmpty()) {
            config.put("quarkus.datasource.password", endpoints.postgresPassword());
        }
        config.put("ensemble.s3.endpoint", endpoints.s3Endpoint());
        config.put("ensemble.s3.access-key", reader ? endpoints.s3ReaderAccessKey() : endpoints.s3AccessKey());
        config.put("ensemble.s3.secret-key", reader ? endpoints.s3ReaderSecretKey() : endpoints.s3SecretKey());
        config.put("ensemble.s3.bucket", bucket);
        config.put("quarkus.otel.exporter.otlp.endpoint", endpoints.otlpEndpoint());
        config.put("ensemble.auth.api-key", ApiKeys.TEST_KEY);
        return config;
    }

    @Override
    public void stop() {
        // The shared stack lives until the JVM exits: the next test class reuses it.
    }
}
