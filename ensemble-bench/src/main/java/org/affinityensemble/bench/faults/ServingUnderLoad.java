package org.affinityensemble.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.affinityensemble.bench.serve.ServeBenchmark;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.devstack.Processes;
import org.affinityensemble.devstack.ServiceProcess;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.task.LanguageModel;

/**
 * Concurrent classify load on two packaged inference-service instances while what they serve changes under them: a
 * new ensemble version is published a third of the way in, and one instance is stopped (SIGTERM, as Kubernetes stops a
 * pod) and started again half-way. Clients send to the instances in rotation — those whose readiness answers UP,
 * polled every 200 ms, as a Kubernetes Service routes to ready endpoints. Every answer other than 200 is an error,
 * except a 503 that says no ensemble version is loaded yet (documented, ADR 0101); so is a refused or broken
 * connection. Prints {@code load_requests=}, {@code load_errors=} and what each instance served.
 */
public final class ServingUnderLoad {

    /** What the clients saw. */
    public record Figures(int requests, int ok, int notLoaded, int errors, Set<Long> versionsServed,
            List<String> failures) {

        public String report() {
            return String.format(Locale.ROOT, "load_requests=%d load_ok=%d load_503_not_loaded=%d load_errors=%d"
                    + " load_versions_served=%s", requests, ok, notLoaded, errors, versionsServed);
        }
    }

    private static final String BUCKET = "serving-under-load";
    private static final String BODY = "{\"task\":\"" + ServeBenchmark.TASK
            + "\",\"texts\":[\"a gripping, well acted film\",\"dull and far too long\"]}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Runs the scenario for {@code duration} with {@code clients} concurrent clients against instances of the packaged
     * service at {@code app}, on the stack at {@code endpoints}; logs under {@code logDir}.
     */
    public Figures run(Endpoints endpoints, LanguageModel model, Path app, Duration duration, int clients,
            Path logDir) throws Exception {
        store(endpoints, model, 1);
        Map<String, String> environment = ServiceProcess.environment("inference-service", endpoints, null, BUCKET);
        List<String> jvm = List.of("-Xmx768m", "-XX:TieredStopAtLevel=1", "-Dai.djl.offline=true");
        AtomicReferenceArray<ServiceProcess> instances = new AtomicReferenceArray<>(2);
        List<ServiceProcess> started = new CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                ServiceProcess instance = ServiceProcess.start("inference-" + i, app, Processes.freePort(), environment,
                        jvm, logDir.resolve("serving-under-load-" + i + ".log"));
                started.add(instance);
                instances.set(i, instance);
            }
            for (ServiceProcess instance : started) {
                instance.awaitStarted(Duration.ofMinutes(3));
            }
            ServeBenchmark.publish(endpoints, BUCKET, model, 1, List.of(adapterId(1)));
            for (ServiceProcess instance : started) {
                ServeBenchmark.awaitVersion(instance, 1, Duration.ofMinutes(2));
            }

            Set<Integer> rotation = ConcurrentHashMap.newKeySet();
            rotation.addAll(List.of(0, 1));
            long deadline = System.nanoTime() + duration.toNanos();
            Thread poller = new Thread(() -> pollReadiness(instances, rotation, deadline), "readiness-poller");
            poller.setDaemon(true);
            poller.start();
            AtomicInteger requests = new AtomicInteger();
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger notLoaded = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            Set<Long> versions = ConcurrentHashMap.newKeySet();
            List<Thread> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Thread worker = new Thread(() -> {
                    while (System.nanoTime() < deadline) {
                        List<Integer> ready = List.copyOf(rotation);
                        if (ready.isEmpty()) {
                            sleep(Duration.ofMillis(20));
                            continue;
                        }
                        ServiceProcess target = instances.get(ready.get(ThreadLocalRandom.current()
                                .nextInt(ready.size())));
                        requests.incrementAndGet();
                        classify(target, ok, notLoaded, failures, versions);
                    }
                }, "load-client-" + c);
                worker.start();
                workers.add(worker);
            }
            sleep(duration.dividedBy(3));
            store(endpoints, model, 2);
            ServeBenchmark.publish(endpoints, BUCKET, model, 2, List.of(adapterId(2)));
            sleep(duration.dividedBy(6));
            // one instance stopped as Kubernetes stops a pod (SIGTERM), then started again
            ServiceProcess stopped = instances.get(0);
            stopped.close();
            ServiceProcess restarted = ServiceProcess.start("inference-0-restarted", app, Processes.freePort(),
                    environment, jvm, logDir.resolve("serving-under-load-0-restarted.log"));
            started.add(restarted);
            instances.set(0, restarted);
            for (Thread worker : workers) {
                worker.join();
            }
            poller.join();
            return new Figures(requests.get(), ok.get(), notLoaded.get(), failures.size(), Set.copyOf(versions),
                    List.copyOf(failures));
        } finally {
            ServiceProcess.closeAll(started);
        }
    }

    private void classify(ServiceProcess target, AtomicInteger ok, AtomicInteger notLoaded, List<String> failures,
            Set<Long> versions) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(target.url("/v1/classify")))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .header("Authorization", target.authorization())
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                ok.incrementAndGet();
                JsonNode answer = EventCodec.mapper().readTree(response.body());
                versions.add(answer.path("ensembleVersion").asLong(-1));
            } else if (response.statusCode() == 503 && response.body().contains("no ensemble version is loaded")) {
                notLoaded.incrementAndGet();
            } else {
                failures.add(target.name() + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            failures.add(target.name() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(target.name() + ": interrupted");
        }
    }

    /** Keeps {@code rotation} to the instances whose readiness answers 200, as a Service's endpoints follow pods. */
    private void pollReadiness(AtomicReferenceArray<ServiceProcess> instances, Set<Integer> rotation, long deadline) {
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < instances.length(); i++) {
                boolean ready;
                try {
                    ready = http.send(HttpRequest.newBuilder(URI.create(instances.get(i).url("/q/health/ready")))
                            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200;
                } catch (IOException e) {
                    ready = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (ready) {
                    rotation.add(i);
                } else {
                    rotation.remove(i);
                }
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void store(Endpoints endpoints, LanguageModel model, long version) {
        Map<String, LoraAdapter> adapters = Map.of(adapterId(version), ServeBenchmark.adapter(model, 500 + version));
        ServeBenchmark.storeEnsemble(endpoints, BUCKET, model, version, adapters, 64);
    }

    private static String adapterId(long version) {
        return "load-v" + version;
    }
}
