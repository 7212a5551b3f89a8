package org.affinityensemble.bench.security;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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

/**
 * {@code bin/ensemble bench security}: the five packaged services, each its own JVM, against a throw-away local
 * stack (broker, PostgreSQL, S3), probed as an intruder would ({@link SecurityProbe}): every endpoint without a
 * token and with a wrong one, and forged {@code training.result} messages against a run the trainer launched.
 * Prints {@code unauthenticated_tried=}, {@code unauthenticated_rejected=}, {@code forged_results_tried=},
 * {@code forged_results_rejected=} and the figures around them; exits non-zero if any case was let through.
 */
public final class SecurityBenchmark {

    private record Service(String name, String database, String heap) {
    }

    private static final List<Service> SERVICES = List.of(
            new Service("trainer-service", "bench_security_trainer", "1g"),
            new Service("gradient-service", "bench_security_gradient", "1g"),
            new Service("affinity-service", "bench_security_affinity", "512m"),
            new Service("cluster-service", "bench_security_cluster", "512m"),
            new Service("inference-service", null, "1g"));

    /** The run the benchmark records as launched in the trainer's database, to forge results against. */
    static final SecurityProbe.KnownRun RUN = new SecurityProbe.KnownRun("v1-gbench", "gbench", 1, "gbench-v1");

    private SecurityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("ensemble.home", ".")).toAbsolutePath().normalize();
        Path logs = Path.of(System.getProperty("java.io.tmpdir"), "security-benchmark");
        String apiKey = ApiKeys.generate();
        List<ServiceProcess> running = new ArrayList<>();
        try (DevStack stack = DevStack.start(DevStackOptions.ephemeral())) {
            Endpoints endpoints = stack.endpoints();
            try {
                for (Service service : SERVICES) {
                    if (service.database() != null) {
                        stack.ensureDatabase(service.database(), true);
                    }
                    Map<String, String> environment = new HashMap<>(ServiceProcess.environment(service.name(),
                            endpoints, service.database(), "security-benchmark"));
                    environment.put("ENSEMBLE_AUTH_API_KEY", apiKey);
                    running.add(ServiceProcess.start(service.name(), home.resolve(service.name())
                            .resolve("target/quarkus-app"), Processes.freePort(), environment,
                            List.of("-Xmx" + service.heap(), "-Dai.djl.offline=true"),
                            logs.resolve(service.name() + ".log")));
                }
                for (ServiceProcess service : running) {
                    // The inference-service is ready only once an ensemble serves (ADR 0101): started is enough.
                    if (service.name().equals("inference-service")) {
                        service.awaitStarted(Duration.ofMinutes(4));
                    } else {
                        service.awaitReady(Duration.ofMinutes(4));
                    }
                }
                recordLaunchedRun(endpoints, "bench_security_trainer");
                List<SecurityProbe.Target> targets = running.stream()
                        .map(s -> new SecurityProbe.Target(s.name(), s.url(""))).toList();
                SecurityProbe.Figures figures = new SecurityProbe(apiKey).run(targets,
                        endpoints.kafkaBootstrapServers(), running.get(0).url(""), RUN);
                System.out.println(figures.report());
                figures.failures().forEach(failure -> System.out.println("# let through: " + failure));
                Map<String, String> inference = ServiceProcess.environment("inference-service", endpoints, null,
                        "security-benchmark");
                ReadOnlyKeyProbe.Figures storage = ReadOnlyKeyProbe.run(endpoints.s3Endpoint(),
                        inference.get("ENSEMBLE_S3_ACCESS_KEY"), inference.get("ENSEMBLE_S3_SECRET_KEY"),
                        "security-benchmark");
                System.out.println(storage.report());
                storage.failures().forEach(failure -> System.out.println("# let through: " + failure));
                if (!figures.failures().isEmpty() || !storage.failures().isEmpty()) {
                    System.exit(1);
                }
            } finally {
                for (int i = running.size() - 1; i >= 0; i--) {
                    running.get(i).close();
                }
            }
        }
    }

    /** A RUNNING run at attempt 1, as the trainer records one it has launched (its own schema, ADR 0004). */
    private static void recordLaunchedRun(Endpoints endpoints, String database) throws Exception {
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(database), endpoints.postgresUser(),
                endpoints.postgresPassword());
                PreparedStatement insert = connection.prepareStatement("insert into training_run (runid, "
                        + "groupingversion, groupid, kind, tasks, membershipkey, adapterid, attempt, state, "
                        + "createdat, startedat, version) values (?, 1, ?, 'GROUP', '[\"bench_a\"]', 'bench_a:1', ?, "
                        + "?, 'RUNNING', now(), now(), 0)")) {
            insert.setString(1, RUN.runId());
            insert.setString(2, RUN.groupId());
            insert.setString(3, RUN.adapterId());
            insert.setInt(4, RUN.attempt());
            insert.executeUpdate();
        }
    }
}
