package org.affinityensemble.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.DevStackOptions;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.devstack.ServiceProcess;

/** The stack and the five services as child processes, configured through the environment. */
final class LocalSystem implements AutoCloseable {

    /** A service of the system: module directory, HTTP port, database (or null), JVM heap. */
    record Service(String name, int port, String database, String heap) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("trainer-service", 8084, "ensemble_trainer", "2g"),
            new Service("gradient-service", 8081, "ensemble_gradient", "2g"),
            new Service("affinity-service", 8082, "ensemble_affinity", "1g"),
            new Service("cluster-service", 8083, "ensemble_cluster", "512m"),
            new Service("inference-service", 8080, null, "2g"));

    static final String BUCKET = "affinity-ensemble";

    private final DevStack stack;
    private final List<ServiceProcess> services;

    private LocalSystem(DevStack stack, List<ServiceProcess> services) {
        this.stack = stack;
        this.services = services;
    }

    static LocalSystem start(Path repository, Path stateDir, int kafkaPort, int s3Port, boolean fresh, PrintStream out)
            throws IOException {
        long started = System.nanoTime();
        if (fresh) {
            deleteRecursively(stateDir);
        }
        Files.createDirectories(stateDir);
        DevStack stack = DevStack.start(new DevStackOptions(stateDir, kafkaPort, s3Port, DevStackOptions.Mode.LOCAL));
        Endpoints endpoints = stack.endpoints();
        out.printf("stack: kafka %s, postgresql %s:%d, s3 %s (%.1f s)%n", endpoints.kafkaBootstrapServers(),
                endpoints.postgresHost(), endpoints.postgresPort(), endpoints.s3Endpoint(), seconds(started));
        List<ServiceProcess> running = new ArrayList<>();
        try {
            for (Service service : SERVICES) {
                if (service.database() != null) {
                    stack.ensureDatabase(service.database(), fresh);
                }
                Map<String, String> environment = ServiceProcess.environment(endpoints, service.database(), BUCKET);
                running.add(ServiceProcess.start(service.name(), repository.resolve(service.name())
                        .resolve("target/quarkus-app"), service.port(), environment,
                        List.of("-Xmx" + service.heap(), "-Dai.djl.offline=true"),
                        stateDir.resolve("logs").resolve(service.name() + ".log")));
            }
            for (ServiceProcess service : running) {
                service.awaitReady(Duration.ofMinutes(3));
                out.printf("%-18s ready on %s (log %s)%n", service.name(), service.url("/"), service.log());
            }
        } catch (RuntimeException e) {
            running.forEach(ServiceProcess::close);
            stack.close();
            throw e;
        }
        out.printf("system up in %.1f s%n", seconds(started));
        return new LocalSystem(stack, running);
    }

    Endpoints endpoints() {
        return stack.endpoints();
    }

    ServiceProcess service(String name) {
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
