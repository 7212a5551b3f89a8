package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.affinityensemble.devstack.TopicCatalog.TopicSpec;
import org.affinityensemble.devstack.TopicCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docker-compose.yml runs the whole system on one host: Kafka in KRaft mode with the topics of the catalogue,
 * PostgreSQL 15 with one database per service, an S3-compatible store, and the five services built from their
 * Dockerfiles, each waiting for healthy dependencies and checked on its readiness endpoint.
 */
class DockerComposeTest {

    private static final ComposeFile COMPOSE = ComposeFile.read(RepositoryLayout.path("docker-compose.yml"));
    private static final List<String> INFRASTRUCTURE = List.of("kafka", "postgres", "s3");
    private static final Pattern CREATE_TOPIC = Pattern.compile("(?m)^\\s*create\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s*$");

    @Test
    void namesEveryServiceAndDependency() {
        List<String> expected = new ArrayList<>(INFRASTRUCTURE);
        expected.add("kafka-topics");
        Stream.of(EnsembleService.values()).map(EnsembleService::serviceName).forEach(expected::add);

        assertThat(COMPOSE.serviceNames()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void runsKafkaFourOneInKraftMode() {
        ComposeFile.Service kafka = COMPOSE.service("kafka");
        Map<String, String> environment = kafka.environment();

        assertThat(kafka.image()).hasValueSatisfying(image -> assertThat(image).matches("apache/kafka:4\\.1\\.\\d+"));
        assertThat(environment.get("KAFKA_PROCESS_ROLES").split(",")).containsExactlyInAnyOrder("broker", "controller");
        assertThat(environment.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
                .isEqualTo(environment.get("KAFKA_NODE_ID") + "@kafka:9093");
        assertThat(environment.get("KAFKA_ADVERTISED_LISTENERS")).contains("//kafka:9092");
        assertThat(environment.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
        assertThat(kafka.healthcheck()).isPresent();
    }

    @Test
    void createsEveryTopicOfTheCatalogue() {
        ComposeFile.Service init = COMPOSE.service("kafka-topics");
        String script = ComposeFile.interpolate(String.join("\n", init.command()));
        Map<String, long[]> created = new java.util.HashMap<>();
        Matcher matcher = CREATE_TOPIC.matcher(script);
        while (matcher.find()) {
            created.put(matcher.group(1), new long[] {Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3))});
        }

        assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(
                TopicCatalog.all().stream().map(TopicSpec::name).toList());
        for (TopicSpec topic : TopicCatalog.all()) {
            assertThat(created.get(topic.name())[0]).as(topic.name() + " partitions").isEqualTo(topic.partitions());
            assertThat(String.valueOf(created.get(topic.name())[1])).as(topic.name() + " retention.ms")
                    .isEqualTo(topic.config().get("retention.ms"));
        }
        assertThat(script).contains("max.message.bytes=" + TopicCatalog.all().get(0).config().get("max.message.bytes"))
                .contains("cleanup.policy=delete").contains("--if-not-exists");
        assertThat(init.dependsOn()).containsEntry("kafka", "service_healthy");
    }

    @Test
    void runsPostgresFifteenWithTheSharedInitScript() {
        ComposeFile.Service postgres = COMPOSE.service("postgres");

        assertThat(postgres.image()).hasValue("postgres:15");
        assertThat(postgres.volumes()).anySatisfy(volume -> {
            String hostPath = volume.split(":")[0];
            assertThat(volume).contains(":/docker-entrypoint-initdb.d");
            assertThat(RepositoryLayout.path(hostPath).resolve(Path.of(PostgresInitScript.LOCATION).getFileName()))
                    .isRegularFile();
        });
        assertThat(PostgresInitScript.databases()).containsExactlyInAnyOrderElementsOf(
                Stream.of(EnsembleService.values()).flatMap(service -> service.database().stream()).toList());
    }

    @Test
    void everyLongRunningServiceHasAHealthCheck() {
        for (String name : COMPOSE.serviceNames()) {
            ComposeFile.Service service = COMPOSE.service(name);
            if (!name.equals("kafka-topics")) {
                assertThat(service.healthcheck()).as(name).isPresent();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EnsembleService.class)
    void serviceWaitsForHealthyDependencies(EnsembleService convention) {
        Map<String, String> dependsOn = COMPOSE.service(convention.serviceName()).dependsOn();

        assertThat(dependsOn).containsEntry("kafka", "service_healthy")
                .containsEntry("kafka-topics", "service_completed_successfully");
        if (convention.database().isPresent()) {
            assertThat(dependsOn).containsEntry("postgres", "service_healthy");
        }
        if (convention.usesObjectStore()) {
            assertThat(dependsOn).containsEntry("s3", "service_healthy");
        }
        assertThat(dependsOn.keySet()).allSatisfy(dependency -> assertThat(COMPOSE.serviceNames()).contains(dependency));
    }

    @ParameterizedTest
    @EnumSource(EnsembleService.class)
    void serviceIsConfiguredByTheConventions(EnsembleService convention) {
        ComposeFile.Service service = COMPOSE.service(convention.serviceName());
        Map<String, String> environment = service.environment();

        assertThat(environment.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
        assertThat(environment.get("QUARKUS_HTTP_PORT")).isEqualTo(String.valueOf(convention.port()));
        if (convention.database().isPresent()) {
            assertThat(environment.get("QUARKUS_DATASOURCE_REACTIVE_URL"))
                    .isEqualTo("postgresql://postgres:5432/" + convention.database().orElseThrow());
            // its own role, which owns its database only, with the password the PostgreSQL container creates it with
            String database = convention.database().orElseThrow();
            String passwordVariable = database.substring("ensemble_".length()).toUpperCase(java.util.Locale.ROOT)
                    + "_DB_PASSWORD";
            assertThat(environment.get("QUARKUS_DATASOURCE_USERNAME")).isEqualTo(database);
            assertThat(PostgresInitScript.owners()).containsEntry(database, database);
            assertThat(environment.get("QUARKUS_DATASOURCE_PASSWORD"))
                    .isEqualTo(COMPOSE.service("postgres").environment().get(passwordVariable));
        } else {
            assertThat(environment).doesNotContainKey("QUARKUS_DATASOURCE_REACTIVE_URL");
        }
        if (convention.usesObjectStore()) {
            assertThat(URI.create(environment.get("ENSEMBLE_S3_ENDPOINT")).getHost()).isEqualTo("s3");
            // the read-only identity for a service that only reads, the writer's for the others
            Map<String, String> store = COMPOSE.service("s3").environment();
            boolean reader = convention.readsObjectStoreOnly();
            assertThat(environment.get("ENSEMBLE_S3_ACCESS_KEY"))
                    .isEqualTo(store.get(reader ? "S3PROXY_READER_IDENTITY" : "S3PROXY_IDENTITY"));
            assertThat(environment.get("ENSEMBLE_S3_SECRET_KEY"))
                    .isEqualTo(store.get(reader ? "S3PROXY_READER_CREDENTIAL" : "S3PROXY_CREDENTIAL"));
            assertThat(environment.get("ENSEMBLE_S3_BUCKET")).isEqualTo("affinity-ensemble");
        }
        if (convention == EnsembleService.TRAINER) {
            assertThat(environment.get("ENSEMBLE_TRAINER_MODE")).isEqualTo("local");
        }
        assertThat(environment.get("ENSEMBLE_AUTH_MODE")).isEqualTo("api-key");
        assertThat(environment.get("ENSEMBLE_AUTH_API_KEY")).as("the API key has no default: Compose refuses to start")
                .isEqualTo(ComposeFile.required("ENSEMBLE_API_KEY"));
    }

    @ParameterizedTest
    @EnumSource(EnsembleService.class)
    void serviceIsBuiltFromItsDockerfileAndCheckedOnReadiness(EnsembleService convention) {
        ComposeFile.Service service = COMPOSE.service(convention.serviceName());
        Map<String, Object> build = service.build().orElseThrow();
        Path context = RepositoryLayout.path(String.valueOf(build.get("context")));

        assertThat(context.resolve(String.valueOf(build.get("dockerfile"))))
                .isEqualTo(context.resolve("src/main/docker/Dockerfile.jvm")).isRegularFile();
        assertThat(context.getFileName().toString()).isEqualTo(convention.serviceName());
        assertThat(service.image()).hasValue(convention.imageRepository() + ":" + EnsembleService.IMAGE_TAG);
        assertThat(service.healthcheck().orElseThrow())
                .contains("http://localhost:" + convention.port() + "/q/health/ready");
        assertThat(service.ports()).anySatisfy(port -> assertThat(port).endsWith(":" + convention.port()));
        if (convention.runsModel()) {
            assertThat(service.volumes()).anySatisfy(volume -> assertThat(volume).endsWith(":/var/cache/djl"));
        }
    }

    @Test
    void namedVolumesAreDeclared() {
        for (String name : COMPOSE.serviceNames()) {
            for (String volume : COMPOSE.service(name).volumes()) {
                String source = volume.split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    assertThat(COMPOSE.volumeNames()).as(name + " volume " + source).contains(source);
                }
            }
        }
        assertThat(Files.isRegularFile(RepositoryLayout.path(PostgresInitScript.LOCATION))).isTrue();
    }
}
