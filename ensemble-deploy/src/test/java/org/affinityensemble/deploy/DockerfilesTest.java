package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The images: every service in JVM mode from the Quarkus fast-jar layout on the Temurin 17 JRE, as a non-root
 * user, with DJL offline and its cache in a writable directory; the services that run the model (gradient, trainer,
 * inference) also on a CUDA 12.4 base with the same JRE.
 */
class DockerfilesTest {

    private static final List<String> FAST_JAR_PARTS = List.of(
            "target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/",
            "target/quarkus-app/quarkus/");

    /** A service's Dockerfile, CPU or CUDA. */
    record Image(EnsembleService service, String dockerfile) {

        Dockerfile read() {
            return Dockerfile.read(path());
        }

        Path path() {
            return RepositoryLayout.path(service.serviceName() + "/src/main/docker/" + dockerfile);
        }

        boolean cuda() {
            return dockerfile.endsWith("-cuda");
        }

        @Override
        public String toString() {
            return service + " " + dockerfile;
        }
    }

    static Stream<Image> images() {
        return Stream.of(EnsembleService.values()).flatMap(service -> service.hasCudaImage()
                ? Stream.of(new Image(service, "Dockerfile.jvm"), new Image(service, "Dockerfile.jvm-cuda"))
                : Stream.of(new Image(service, "Dockerfile.jvm")));
    }

    @ParameterizedTest
    @MethodSource("images")
    void runsTheQuarkusFastJar(Image image) {
        Dockerfile dockerfile = image.read();
        List<String> copied = dockerfile.copies().stream()
                .filter(copy -> !copy.arguments().startsWith("--from"))
                .map(copy -> Dockerfile.words(copy.arguments()).get(0)).toList();

        assertThat(copied).containsExactlyInAnyOrderElementsOf(FAST_JAR_PARTS);
        assertThat(dockerfile.entrypoint()).hasValueSatisfying(entrypoint -> assertThat(entrypoint)
                .contains("java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"));
        assertThat(dockerfile.exposedPorts()).containsExactly(image.service().port());
    }

    @ParameterizedTest
    @MethodSource("images")
    void startsFromTheTemurinSeventeenJre(Image image) {
        List<String> bases = image.read().baseImages();

        if (image.cuda()) {
            assertThat(bases).hasSize(2);
            assertThat(bases.get(0)).isEqualTo("eclipse-temurin:17-jre");
            assertThat(bases.get(1)).matches("nvidia/cuda:12\\.4\\.\\d+-(cudnn-)?runtime-ubuntu\\d+\\.\\d+");
            assertThat(image.read().copies()).anySatisfy(copy -> assertThat(copy.arguments())
                    .isEqualTo("--from=jre /opt/java/openjdk /opt/java/openjdk"));
            assertThat(image.read().environment()).containsEntry("JAVA_HOME", "/opt/java/openjdk");
        } else {
            assertThat(bases).containsExactly("eclipse-temurin:17-jre");
        }
    }

    @ParameterizedTest
    @MethodSource("images")
    void keepsDjlOfflineWithAWritableCache(Image image) {
        Map<String, String> environment = image.read().environment();

        assertThat(environment.get("JAVA_OPTS")).contains("-Dai.djl.offline=true").contains("-XX:MaxRAMPercentage=");
        assertThat(environment.get("DJL_CACHE_DIR")).isEqualTo("/var/cache/djl");
        assertThat(image.read().instructions()).anySatisfy(instruction -> assertThat(instruction.arguments())
                .contains("chown 10001:0 " + environment.get("DJL_CACHE_DIR")));
    }

    @ParameterizedTest
    @MethodSource("images")
    void runsAsTheNonRootUserTheManifestsExpect(Image image) {
        String user = image.read().user().orElseThrow();
        PodSecurityContext pod = Manifests.render(Manifests.BASE).deployment(image.service().serviceName())
                .getSpec().getTemplate().getSpec().getSecurityContext();

        assertThat(user).matches("\\d+");
        assertThat(Long.parseLong(user)).isPositive().isEqualTo(pod.getRunAsUser());
    }

    @ParameterizedTest
    @MethodSource("images")
    void sendsOnlyTheFastJarAsBuildContext(Image image) throws IOException {
        Path ignore = image.path().resolveSibling(image.dockerfile() + ".dockerignore");

        List<String> rules = Files.readAllLines(ignore).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertThat(rules).containsExactly("*", "!target/quarkus-app/*");
    }

    @ParameterizedTest
    @EnumSource(EnsembleService.class)
    void cudaVariantsExistExactlyForTheServicesThatRunTheModel(EnsembleService service) {
        Path cuda = RepositoryLayout.path(service.serviceName() + "/src/main/docker/Dockerfile.jvm-cuda");

        assertThat(Files.exists(cuda)).as(cuda.toString()).isEqualTo(service.hasCudaImage());
    }
}
