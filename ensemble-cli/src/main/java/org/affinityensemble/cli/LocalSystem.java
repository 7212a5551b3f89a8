package org.affinityensemble.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.DevStackOptions;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.devstack.Processes;
import org.affinityensemble.devstack.ServiceProcess;

/** The stack and the five services as child processes, configured through the environment. */
final class LocalSystem implements AutoCloseable {

    /** A service of the system: module directory, HTTP port, database name suffix (or null), JVM heap. */
    record Service(String name, int port, String database, String heap) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("trainer-service", 8084, "trainer", "2g"),
            new Service("gradient-service", 8081, "gradient", "2g"),
            new Service("affinity-service", 8082, "affinity", "1g"),
            new Service("cluster-service", 8083, "cluster", "512m"),
            new Service("inference-service", 8080, null, "2g"));

    static final String BUCKET = "affinity-ensemble";

    /**
     * How to start the system.
     *
     * @param stack            the broker and object store (data directory, ports)
     * @param freeServicePorts services on any free ports instead of 8080–8084 (tests next to a running system)
     * @param databasePrefix   each service's database is this prefix plus its name ({@code ensemble_trainer}, ...)
     * @param fresh            drop the services' databases (and the stack's data) first
     * @param environment      extra environment for every service (for example {@code ENSEMBLE_TRAINER_EPOCHS})
     * @param logDir           where each service's log goes
     * @param apiKeyFile       the API key the services require (created if missing), or null for a new key that
     *                         lives as long as the system
     */
    record Settings(DevStackOptions stack, boolean freeServicePorts, String databasePrefix, boolean fresh,
            Map<String, String> environment, Path logDir, Path apiKeyFile) {

        Settings {
            environment = Map.copyOf(environment);
        }

        /** A system with a key of its own (tests). */
        Settings(DevStackOptions stack, boolean freeServicePorts, String databasePrefix, boolean fresh,
                Map<String, String> environment, Path logDir) {
            this(stack, freeServicePorts, databasePrefix, fresh, environment, logDir, null);
        }

        /** What {@code bin/ensemble up} runs: fixed ports, state under {@code dataDir/stack}, the key in dataDir. */
        static Settings local(Path dataDir, int kafkaPort, int s3Port, boolean fresh,
                Map<String, String> environment) {
            Path stateDir = dataDir.resolve("stack");
            return new Settings(new DevStackOptions(stateDir, kafkaPort, s3Port, DevStackOptions.Mode.LOCAL), false,
                    "ensemble_", fresh, environment, stateDir.resolve("logs"), ApiKeys.file(dataDir));
        }
    }

    /** How a service was started, so that it can be started again the same way. */
    private record Launch(Path appDir, int port, Map<String, String> environment, List<String> jvmOptions,
            Path log) {

        ServiceProcess start(String name, int instance) {
            Path instanceLog = instance == 1 ? log : log.resolveSibling(log.getFileName() + "." + instance);
            return ServiceProcess.start(name, appDir, port, environment, jvmOptions, instanceLog);
        }
    }

    private final DevStack stack;
    private final List<ServiceProcess> services;
    private final Map<String, Launch> launches;
    private final Map<String, Integer> instances = new HashMap<>();
    private final String apiKey;

    private LocalSystem(DevStack stack, List<ServiceProcess> services, Map<String, Launch> launches, String apiKey) {
        this.stack = stack;
        this.services = services;
        this.launches = launches;
        this.apiKey = apiKey;
    }

    static LocalSystem start(Path repository, Settings settings, PrintStream out) throws IOException {
        long started = System.nanoTime();
        Path stateDir = settings.stack().dataDir();
        if (stateDir != null) {
            if (settings.fresh()) {
                deleteRecursively(stateDir);
            }
            Files.createDirectories(stateDir);
        }
        String apiKey = settings.apiKeyFile() == null ? ApiKeys.generate()
                : ApiKeys.createOrRead(settings.apiKeyFile());
        DevStack stack = DevStack.start(settings.stack());
        Endpoints endpoints = stack.endpoints();
        out.printf("stack: kafka %s, postgresql %s:%d, s3 %s (%.1f s)%n", endpoints.kafkaBootstrapServers(),
                endpoints.postgresHost(), endpoints.postgresPort(), endpoints.s3Endpoint(), seconds(started));
        List<ServiceProcess> running = new ArrayList<>();
        Map<String, Launch> launches = new HashMap<>();
        try {
            for (Service service : SERVICES) {
                String database = service.database() == null ? null : settings.databasePrefix() + service.database();
                if (database != null) {
                    stack.ensureDatabase(database, settings.fresh());
                }
                Map<String, String> environment = new HashMap<>(ServiceProcess.environment(service.name(), endpoints,
                        database, BUCKET));
                environment.remove("ENSEMBLE_AUTH_API_KEY");
                if (settings.apiKeyFile() != null) {
                    environment.put("ENSEMBLE_AUTH_API_KEY_FILE", settings.apiKeyFile().toAbsolutePath().toString());
                } else {
                    environment.put("ENSEMBLE_AUTH_API_KEY", apiKey);
                }
                environment.putAll(settings.environment());
                int port = settings.freeServicePorts() ? Processes.freePort() : service.port();
                Launch launch = new Launch(repository.resolve(service.name()).resolve("target/quarkus-app"), port,
                        Map.copyOf(environment), List.of("-Xmx" + service.heap(), "-Dai.djl.offline=true"),
                        settings.logDir().resolve(service.name() + ".log"));
                launches.put(service.name(), launch);
                running.add(launch.start(service.name(), 1));
            }
            for (ServiceProcess service : running) {
                awaitUp(service);
                out.printf("%-18s up on %s (log %s)%n", service.name(), service.url("/"), service.log());
            }
        } catch (RuntimeException e) {
            running.forEach(ServiceProcess::close);
            stack.close();
            throw e;
        }
        out.printf("system up in %.1f s%n", seconds(started));
        if (settings.apiKeyFile() != null) {
            out.printf("API key (every request but health and metrics needs it): %s%n", settings.apiKeyFile());
        }
        return new LocalSystem(stack, running, launches, apiKey);
    }

    /** Ready, or for the inference-service started: it is ready only once an ensemble serves (ADR 0101). */
    private static void awaitUp(ServiceProcess service) {
        if (service.name().equals("inference-service")) {
            service.awaitStarted(Duration.ofMinutes(3));
        } else {
            service.awaitReady(Duration.ofMinutes(3));
        }
    }

    /**
     * Kills a service with SIGKILL, as a crash or an OOM kill does, and starts it again on its port with its settings
     * (as a supervisor restarts a container); returns the new process once it is up. Its log goes to
     * {@code <service>.log.<instance>}.
     */
    ServiceProcess killAndRestart(String name) {
        ServiceProcess started;
        synchronized (this) {
            ServiceProcess killed = service(name);
            killed.kill();
            int instance = instances.merge(name, 1, Integer::sum) + 1;
            started = launches.get(name).start(name, instance);
            services.set(services.indexOf(killed), started);
        }
        awaitUp(started); // outside the lock: others keep reading the services meanwhile
        return started;
    }

    /** The broker, the object store and PostgreSQL, which a fault drill can take away when started interruptible. */
    DevStack stack() {
        return stack;
    }

    Endpoints endpoints() {
        return stack.endpoints();
    }

    /** The key every service requires ({@code Authorization: Bearer <key>}). */
    String apiKey() {
        return apiKey;
    }

    synchronized List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    synchronized ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        stack.close();
    }
}
