package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The environment each service gets in every overlay, resolved as the kubelet would: Kafka for all, one
 * PostgreSQL database each except the inference-service, the object store for gradient, trainer and inference,
 * credentials only from Secrets whose keys the committed {@code .example} env files list.
 */
class ServiceConfigurationTest {

    /** The pre-created Secrets and the committed example of the git-ignored env file each is created from. */
    static final Map<String, String> SECRET_EXAMPLES = Map.of(
            "ensemble-postgres-credentials", "k8s/secrets/postgres.env.example",
            "ensemble-s3-credentials", "k8s/secrets/s3.env.example",
            "ensemble-s3-reader-credentials", "k8s/secrets/s3-reader.env.example");

    static Stream<OverlayCase> cases() {
        return OverlayCase.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void connectsToKafka(OverlayCase c) {
        Map<String, EnvValue> environment = environmentOf(c);

        assertThat(environment.get("KAFKA_BOOTSTRAP_SERVERS").literal()).matches("[a-z0-9.-]+:\\d+(,[a-z0-9.-]+:\\d+)*");
        assertThat(environment.get("QUARKUS_HTTP_PORT").literal()).isEqualTo(String.valueOf(c.service().port()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void usesItsOwnDatabaseAsItsOwnRoleWithThePasswordFromASecret(OverlayCase c) {
        Map<String, EnvValue> environment = environmentOf(c);

        if (c.service().database().isEmpty()) {
            assertThat(environment).doesNotContainKeys("QUARKUS_DATASOURCE_REACTIVE_URL",
                    "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");
            return;
        }
        assertThat(environment.get("QUARKUS_DATASOURCE_REACTIVE_URL").literal())
                .isEqualTo("postgresql://ensemble-postgres:5432/" + c.service().database().orElseThrow());
        // one role per service, the owner of its database and of nothing else (the init script)
        String database = c.service().database().orElseThrow();
        assertThat(environment.get("QUARKUS_DATASOURCE_USERNAME").literal()).isEqualTo(database);
        assertThat(PostgresInitScript.owners()).containsEntry(database, database);
        assertThat(environment.get("QUARKUS_DATASOURCE_PASSWORD").isSecret()).isTrue();
        assertThat(environment.get("QUARKUS_DATASOURCE_PASSWORD").secretKey())
                .isEqualTo(database.substring("ensemble_".length()) + "-password");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reachesTheObjectStoreWhenItNeedsIt(OverlayCase c) {
        Map<String, EnvValue> environment = environmentOf(c);

        if (!c.service().usesObjectStore()) {
            assertThat(environment).doesNotContainKeys("ENSEMBLE_S3_ACCESS_KEY", "ENSEMBLE_S3_SECRET_KEY");
            return;
        }
        assertThat(environment.get("ENSEMBLE_S3_ENDPOINT").literal()).startsWith("http");
        assertThat(environment.get("ENSEMBLE_S3_BUCKET").literal()).isEqualTo("affinity-ensemble");
        assertThat(environment.get("ENSEMBLE_S3_REGION").literal()).isNotBlank();
        assertThat(environment.get("ENSEMBLE_S3_ACCESS_KEY").isSecret()).isTrue();
        assertThat(environment.get("ENSEMBLE_S3_SECRET_KEY").isSecret()).isTrue();
        // a service that only reads gets the key that may only read; the others the writer's
        String secret = c.service().readsObjectStoreOnly() ? "ensemble-s3-reader-credentials"
                : "ensemble-s3-credentials";
        assertThat(environment.get("ENSEMBLE_S3_ACCESS_KEY").secretName()).isEqualTo(secret);
        assertThat(environment.get("ENSEMBLE_S3_SECRET_KEY").secretName()).isEqualTo(secret);
    }

    @Test
    void theGradientAndInferenceServicesOnlyReadTheObjectStore() {
        assertThat(Arrays.stream(EnsembleService.values()).filter(EnsembleService::usesObjectStore)
                .filter(EnsembleService::readsObjectStoreOnly))
                .containsExactlyInAnyOrder(EnsembleService.GRADIENT, EnsembleService.INFERENCE);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void connectsToKafkaOverTlsAsItsOwnScramUser(OverlayCase c) {
        Map<String, EnvValue> environment = environmentOf(c);

        assertThat(environment.get("KAFKA_SECURITY_PROTOCOL").literal()).isEqualTo("SASL_SSL");
        assertThat(environment.get("KAFKA_SASL_MECHANISM").literal()).isEqualTo("SCRAM-SHA-512");
        assertThat(environment.get("KAFKA_SASL_JAAS_CONFIG").secretName()).isEqualTo(c.service().serviceName());
        assertThat(environment.get("KAFKA_SASL_JAAS_CONFIG").secretKey()).isEqualTo("sasl.jaas.config");
        assertThat(environment.get("KAFKA_SSL_TRUSTSTORE_LOCATION").literal()).isEqualTo("/etc/kafka-ca/ca.crt");
        Container container = DeploymentsTest.onlyContainer(c.manifests().deployment(c.service().serviceName()));
        assertThat(container.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/kafka-ca"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void authenticatesCallersWithBearerJwtsOfAnHttpsIssuer(OverlayCase c) {
        Map<String, EnvValue> environment = environmentOf(c);

        assertThat(environment.get("ENSEMBLE_AUTH_MODE").literal()).isEqualTo("jwt");
        assertThat(environment.get("MP_JWT_VERIFY_ISSUER").literal()).startsWith("https://");
        assertThat(environment.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION").literal()).startsWith("https://");
        assertThat(environment).doesNotContainKeys("ENSEMBLE_AUTH_API_KEY", "ENSEMBLE_AUTH_API_KEY_FILE");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void takesCredentialsOnlyFromSecretsDocumentedByAnExampleFile(OverlayCase c) {
        Map<String, EnvValue> environment = environmentOf(c);

        for (Map.Entry<String, EnvValue> variable : environment.entrySet()) {
            // (a service's PostgreSQL role name is configuration, like its database name; its password is not)
            if (variable.getKey().matches(".*(PASSWORD|SECRET_KEY|ACCESS_KEY|JAAS_CONFIG)")
                    || variable.getKey().endsWith("USERNAME") && !variable.getKey().equals("QUARKUS_DATASOURCE_USERNAME")) {
                assertThat(variable.getValue().isSecret()).as(variable.getKey() + " comes from a Secret").isTrue();
            }
            if (variable.getValue().isSecret() && variable.getKey().equals("KAFKA_SASL_JAAS_CONFIG")) {
                // Strimzi's User Operator writes this Secret for the KafkaUser of the same name.
                assertThat(c.manifests().custom("KafkaUser")).extracting(user -> user.getMetadata().getName())
                        .contains(variable.getValue().secretName());
                continue;
            }
            if (variable.getValue().isSecret()) {
                String example = SECRET_EXAMPLES.get(variable.getValue().secretName());
                assertThat(example).as("example env file for Secret " + variable.getValue().secretName()).isNotNull();
                assertThat(exampleKeys(example)).as(example).containsKey(variable.getValue().secretKey());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void leavesNoVariableReferenceUnresolved(OverlayCase c) {
        environmentOf(c).forEach((name, value) -> {
            if (value.isLiteral()) {
                assertThat(value.literal()).as(name).doesNotContain("$(");
            }
        });
    }

    @Test
    void realSecretEnvFilesAreIgnoredByGit() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(RepositoryLayout.path(".git")), "not a git checkout");
        for (String example : SECRET_EXAMPLES.values()) {
            String real = example.substring(0, example.length() - ".example".length());
            Process check = new ProcessBuilder("git", "check-ignore", "-q", real)
                    .directory(RepositoryLayout.root().toFile()).start();
            assertThat(check.waitFor()).as(real + " is git-ignored").isZero();
            Process exampleCheck = new ProcessBuilder("git", "check-ignore", "-q", example)
                    .directory(RepositoryLayout.root().toFile()).start();
            assertThat(exampleCheck.waitFor()).as(example + " is committed, not ignored").isEqualTo(1);
        }
    }

    static Map<String, EnvValue> environmentOf(OverlayCase c) {
        Deployment deployment = c.manifests().deployment(c.service().serviceName());
        Container container = DeploymentsTest.onlyContainer(deployment);
        return ContainerEnvironment.resolve(container, c.manifests());
    }

    private static Map<Object, Object> exampleKeys(String relativePath) {
        Path file = RepositoryLayout.path(relativePath);
        try (Reader reader = Files.newBufferedReader(file)) {
            Properties properties = new Properties();
            properties.load(reader);
            assertThat(properties.values()).as(relativePath + " holds placeholders only")
                    .allSatisfy(value -> assertThat(List.of("ensemble", "ensemble-reader", "CHANGE-ME")).contains(String.valueOf(value)));
            return properties;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
