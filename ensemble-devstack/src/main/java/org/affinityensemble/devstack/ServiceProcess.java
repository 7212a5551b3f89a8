package org.affinityensemble.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of the system's Quarkus services running as its own JVM from its packaged fast-jar
 * ({@code <service>/target/quarkus-app/quarkus-run.jar}), configured through the environment as on
 * Kubernetes. Used by the local launcher and by the end-to-end tests.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final String apiKey;

    private ServiceProcess(String name, int port, Process process, Path log, String apiKey) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.apiKey = apiKey;
    }

    /**
     * Starts the service and returns once it has started (not yet ready: readiness needs its peers).
     *
     * @param appDir the service's {@code target/quarkus-app} directory
     */
    public static ServiceProcess start(String name, Path appDir, int port, Map<String, String> environment,
            List<String> jvmOptions, Path log) {
        Path jar = appDir.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the project first (mvn -DskipTests install)");
        }
        List<String> command = new ArrayList<>();
        command.add(Processes.javaExecutable());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        try {
            Files.createDirectories(log.getParent());
            Process process = builder.start();
            Processes.killOnExit(process);
            String apiKey = environment.containsKey("ENSEMBLE_AUTH_API_KEY") ? environment.get("ENSEMBLE_AUTH_API_KEY")
                    : environment.containsKey("ENSEMBLE_AUTH_API_KEY_FILE")
                    ? ApiKeys.createOrRead(Path.of(environment.get("ENSEMBLE_AUTH_API_KEY_FILE"))) : null;
            return new ServiceProcess(name, port, process, log, apiKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; fails early if the process dies. */
    public ServiceProcess awaitReady(Duration timeout) {
        return awaitHealth("ready", timeout);
    }

    /**
     * Waits until {@code /q/health/started} answers 200: for the inference-service, which is ready only once an
     * ensemble serves (ADR 0101).
     */
    public ServiceProcess awaitStarted(Duration timeout) {
        return awaitHealth("started", timeout);
    }

    private ServiceProcess awaitHealth(String group, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/q/health/" + group)))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
                last = response.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Processes.sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException(name + " not " + group + " within " + timeout + ": " + last + "; see " + log);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /**
     * The API key the service was started with (ENSEMBLE_AUTH_API_KEY or ENSEMBLE_AUTH_API_KEY_FILE in its
     * environment), or null.
     */
    public String apiKey() {
        return apiKey;
    }

    /** The {@code Authorization} header that lets a request in. */
    public String authorization() {
        return ApiKeys.bearer(apiKey);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** The operating system's process id (a restarted service has a new one). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the process at once, as a crash or an OOM kill would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Graceful shutdown (SIGTERM), forced after 20 seconds. */
    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(20));
    }

    /**
     * Graceful shutdown of several services at once: every one is asked to stop (SIGTERM) before any is waited
     * for, so the services close their Kafka consumers side by side instead of one service after the other; each
     * is still forced after its 20 seconds.
     */
    public static void closeAll(java.util.Collection<ServiceProcess> services) {
        for (ServiceProcess service : services) {
            if (service.process.isAlive()) {
                service.process.destroy();
            }
        }
        services.forEach(ServiceProcess::close);
    }

    /** The services that only read the object store, and so get the stack's read-only key. */
    static final java.util.Set<String> OBJECT_STORE_READERS = java.util.Set.of("gradient-service",
            "inference-service");

    /**
     * The environment that points a service at a stack: broker, its database, the object store (with the read-only
     * key for {@link #OBJECT_STORE_READERS}, the writer's key for the others), and a new API key of its own
     * ({@link #apiKey()} once started).
     */
    public static Map<String, String> environment(String service, Endpoints endpoints, String database,
            String bucket) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers());
        if (database != null) {
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", endpoints.reactiveUrl(database));
            env.put("QUARKUS_DATASOURCE_USERNAME", endpoints.postgresUser());
            if (!endpoints.postgresPassword().isEmpty()) {
                env.put("QUARKUS_DATASOURCE_PASSWORD", endpoints.postgresPassword());
            }
        }
        env.put("ENSEMBLE_S3_ENDPOINT", endpoints.s3Endpoint());
        boolean reader = OBJECT_STORE_READERS.contains(service);
        env.put("ENSEMBLE_S3_ACCESS_KEY", reader ? endpoints.s3ReaderAccessKey() : endpoints.s3AccessKey());
        env.put("ENSEMBLE_S3_SECRET_KEY", reader ? endpoints.s3ReaderSecretKey() : endpoints.s3SecretKey());
        env.put("ENSEMBLE_S3_BUCKET", bucket);
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoints.otlpEndpoint());
        env.put("ENSEMBLE_AUTH_API_KEY", ApiKeys.generate());
        return env;
    }
}
