package org.affinityensemble.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object store's start script of docker-compose.yml and the Kubernetes example
 * (k8s/examples/in-cluster-deps/s3proxy/start-s3proxy.sh), run as the containers run it, on the s3proxy jar the
 * build fetched: the writer's key reads and writes, the inference-service's key reads and cannot write, create
 * or delete anything, and the script refuses to give both identities the same key.
 */
class S3ProxyStartScriptTest {

    private static final Path SCRIPT = RepositoryLayout.path("k8s/examples/in-cluster-deps/s3proxy/start-s3proxy.sh");

    @Test
    void theReaderReadsWhatTheWriterStoredAndWritesNothing(@TempDir Path data) throws Exception {
        int port = Processes.freePort();
        Path log = data.resolve("s3proxy.log");
        Process process = start(Map.of("S3PROXY_IDENTITY", "writer", "S3PROXY_CREDENTIAL", "writer-secret",
                "S3PROXY_READER_IDENTITY", "reader", "S3PROXY_READER_CREDENTIAL", "reader-secret",
                "S3PROXY_ENDPOINT", "http://127.0.0.1:" + port,
                "JCLOUDS_FILESYSTEM_BASEDIR", Files.createDirectories(data.resolve("objects")).toString()), log);
        try {
            awaitListening(process, port, log);
            String endpoint = "http://127.0.0.1:" + port;
            MinioClient writer = MinioClient.builder().endpoint(endpoint).credentials("writer", "writer-secret")
                    .build();
            MinioClient reader = MinioClient.builder().endpoint(endpoint).credentials("reader", "reader-secret")
                    .build();
            byte[] manifest = "{\"version\":1}".getBytes(StandardCharsets.UTF_8);
            writer.makeBucket(MakeBucketArgs.builder().bucket("affinity-ensemble").build());
            writer.putObject(put("ensembles/m/v1.json", manifest));

            try (var in = reader.getObject(get("ensembles/m/v1.json"))) {
                assertThat(in.readAllBytes()).isEqualTo(manifest);
            }
            assertThatThrownBy(() -> reader.putObject(put("ensembles/m/v2.json", manifest)))
                    .isInstanceOf(ErrorResponseException.class);
            assertThatThrownBy(() -> reader.removeObject(RemoveObjectArgs.builder().bucket("affinity-ensemble")
                    .object("ensembles/m/v1.json").build())).isInstanceOf(ErrorResponseException.class);
            assertThatThrownBy(() -> reader.makeBucket(MakeBucketArgs.builder().bucket("another").build()))
                    .isInstanceOf(ErrorResponseException.class);
            try (var in = writer.getObject(get("ensembles/m/v1.json"))) {
                assertThat(in.readAllBytes()).as("untouched by the reader").isEqualTo(manifest);
            }
            assertThatThrownBy(() -> writer.getObject(get("ensembles/m/v2.json")).close())
                    .isInstanceOf(ErrorResponseException.class);
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void oneKeyForBothIdentitiesIsRefused(@TempDir Path data) throws Exception {
        Path log = data.resolve("s3proxy.log");
        Process process = start(Map.of("S3PROXY_IDENTITY", "same", "S3PROXY_CREDENTIAL", "a",
                "S3PROXY_READER_IDENTITY", "same", "S3PROXY_READER_CREDENTIAL", "b"), log);

        assertThat(process.waitFor()).isEqualTo(64);
        assertThat(Files.readString(log)).contains("the reader's access key must differ from the writer's");
    }

    @Test
    void aMissingReaderKeyIsRefused(@TempDir Path data) throws Exception {
        Path log = data.resolve("s3proxy.log");
        Process process = start(Map.of("S3PROXY_IDENTITY", "writer", "S3PROXY_CREDENTIAL", "a"), log);

        assertThat(process.waitFor()).isNotZero();
        assertThat(Files.readString(log)).contains("S3PROXY_READER_IDENTITY");
    }

    private static Process start(Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", SCRIPT.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("S3PROXY_") || name.startsWith("JCLOUDS_"));
        builder.environment().putAll(environment);
        builder.environment().put("S3PROXY_JAR", DevStack.s3proxyJar().toString());
        builder.environment().put("S3PROXY_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
        // the image's PATH has its JDK's java; here, the JDK that runs the tests
        builder.environment().put("PATH", Path.of(Processes.javaExecutable()).getParent() + ":"
                + System.getenv("PATH"));
        return builder.start();
    }

    private static void awaitListening(Process process, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("s3proxy exited: %s", Files.readString(log)).isTrue();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("s3proxy did not listen within 60 s: " + Files.readString(log));
    }

    private static PutObjectArgs put(String key, byte[] content) {
        return PutObjectArgs.builder().bucket("affinity-ensemble").object(key)
                .stream(new ByteArrayInputStream(content), content.length, -1).build();
    }

    private static GetObjectArgs get(String key) {
        return GetObjectArgs.builder().bucket("affinity-ensemble").object(key).build();
    }
}
