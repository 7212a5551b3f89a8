package org.affinityensemble.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import org.affinityensemble.serving.LoadedEnsemble;

/**
 * Follows the pipeline of a running system through the services' REST APIs: datasets registered, affinity and
 * grouping versions, training builds, and the ensemble version the inference-service serves. Prints a line
 * whenever a stage moves, and a report of the served ensemble (groups, adapters, per-task accuracy).
 */
final class PipelineWatch {

    private final LocalSystem system;
    private final PrintStream out;
    private final HttpJson http;

    PipelineWatch(LocalSystem system, PrintStream out) {
        this.system = system;
        this.http = new HttpJson(system.apiKey());
        this.out = out;
    }

    /**
     * Waits until the inference-service serves an ensemble version newer than {@code afterVersion} that covers
     * every task in {@code tasks}; returns its {@code GET /v1/models} body.
     */
    JsonNode awaitServed(Collection<String> tasks, long afterVersion, Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            JsonNode models = http.getOrNull(url("inference-service", "/v1/models"));
            JsonNode serving = models == null ? null : models.get("serving");
            if (serving != null && !serving.isNull() && serving.get("version").asLong() > afterVersion
                    && servedTasks(serving).containsAll(tasks)) {
                out.printf("[%6.1f s] serving ensemble v%d%n", (System.nanoTime() - started) / 1e9,
                        serving.get("version").asLong());
                return models;
            }
            String stage = stage(tasks);
            if (!stage.equals(last)) {
                out.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, stage);
                last = stage;
            }
            Thread.sleep(2000);
        }
        throw new IllegalStateException("no ensemble covering " + tasks + " was served within " + timeout
                + "; last stage: " + last + " (service logs: " + system.services().get(0).log().getParent() + ")");
    }

    /** Where each stage stands, in one line. */
    String stage(Collection<String> tasks) {
        long ready = readyCount(http.getOrNull(url("trainer-service", "/v1/datasets")), tasks);
        JsonNode affinity = http.getOrNull(url("affinity-service", "/v1/affinity"));
        JsonNode grouping = http.getOrNull(url("cluster-service", "/v1/groupings"));
        JsonNode builds = http.getOrNull(url("trainer-service", "/v1/training/builds"));
        JsonNode build = builds == null || builds.isEmpty() ? null : builds.get(builds.size() - 1);
        return String.format(Locale.ROOT, "datasets ready %d/%d | start %s | affinity %s | grouping %s | training %s",
                ready, tasks.size(), start(http.getOrNull(url("trainer-service", "/v1/training/start"))),
                affinity == null ? "-" : "v" + affinity.get("version").asLong() + " (" + affinity.get("tasks").size()
                        + " tasks)",
                grouping == null ? "-" : "v" + grouping.get("version").asLong() + " " + grouping.get("groups"),
                build == null ? "-" : "grouping v" + build.get("groupingVersion").asLong() + " "
                        + build.get("state").asText());
    }

    /** Where gradients are taken, from the trainer-service's {@code GET /v1/training/start} body. */
    static String start(JsonNode start) {
        if (start == null) {
            return "-";
        }
        return switch (start.get("state").asText()) {
            case "lora-init" -> "LoRA init";
            case "waiting" -> String.format(Locale.ROOT, "θ* waits for %d/%d datasets",
                    start.get("readyDatasets").asLong(), start.get("minDatasets").asLong());
            case "training" -> "θ* training";
            case "retraining" -> String.format(Locale.ROOT, "θ* %s, retraining (unseen %.0f%% >= %.0f%%)",
                    start.get("adapterId").asText(), 100 * start.path("unseenShare").asDouble(),
                    100 * start.path("retrainShare").asDouble());
            default -> start.has("unseenShare") ? String.format(Locale.ROOT, "θ* %s (seen %d/%d datasets, unseen %.0f%%)",
                    start.get("adapterId").asText(), start.path("seenDatasets").asLong(),
                    start.path("readyDatasets").asLong(), 100 * start.get("unseenShare").asDouble())
                    : "θ* " + start.get("adapterId").asText();
        };
    }

    /**
     * How many of {@code tasks} the trainer-service's {@code GET /v1/datasets} body lists as READY; 0 when
     * {@code datasets} is null (the service did not answer).
     */
    static long readyCount(JsonNode datasets, Collection<String> tasks) {
        long ready = 0;
        if (datasets != null) {
            for (JsonNode d : datasets) {
                if (tasks.contains(d.get("id").asText()) && "READY".equals(d.get("state").asText())) {
                    ready++;
                }
            }
        }
        return ready;
    }

    /**
     * The served ensemble: its groups and adapters, and per task the weights (with its probe member's α, if any)
     * and accuracy it reached.
     */
    void report(JsonNode models) {
        JsonNode serving = models.get("serving");
        long version = serving.get("version").asLong();
        out.printf("%nensemble v%d on %s (grouping v%d)%n", version, serving.get("baseModelId").asText(),
                serving.get("groupingVersion").asLong());
        for (JsonNode adapter : serving.get("adapters")) {
            out.printf("  %-5s %-14s %-12s %s%n", adapter.get("kind").asText().toLowerCase(Locale.ROOT),
                    adapter.get("adapterId").asText(), adapter.get("groupId").asText(), adapter.get("tasks"));
        }
        JsonNode scores = scores(version);
        out.printf("%n%-18s %10s %10s %10s %12s  %s%n", "task", "zero-shot", "validation", "test", "probe test",
                "weights");
        List<Double> test = new ArrayList<>();
        List<Double> validation = new ArrayList<>();
        List<Double> probeTest = new ArrayList<>();
        for (JsonNode task : serving.get("tasks")) {
            String id = task.get("task").asText();
            JsonNode score = scores == null ? null : scores.get(id);
            TreeMap<String, String> weights = new TreeMap<>();
            task.get("weights").fields().forEachRemaining(e -> weights.put(e.getKey(),
                    String.format(Locale.ROOT, "%.2f", e.getValue().asDouble())));
            if (task.path("probeWeight").asDouble() > 0) { // the task's probe member (ADR 0124)
                weights.put(LoadedEnsemble.PROBE_MEMBER, String.format(Locale.ROOT, "%.1f",
                        task.get("probeWeight").asDouble()));
            }
            Double zeroShot = number(score, "zeroShotValidationAccuracy");
            Double valid = number(score, "validationAccuracy");
            Double tst = number(score, "testAccuracy");
            Double probe = number(score, "probeTestAccuracy");
            if (valid != null) {
                validation.add(valid);
            }
            if (tst != null) {
                test.add(tst);
            }
            if (probe != null) {
                probeTest.add(probe);
            }
            out.printf("%-18s %10s %10s %10s %12s  %s%n", id, fmt(zeroShot), fmt(valid), fmt(tst), fmt(probe),
                    weights);
        }
        out.printf("%-18s %10s %10s %10s %12s%n", "mean", "", fmt(mean(validation)), fmt(mean(test)),
                fmt(mean(probeTest)));
        if (!test.isEmpty() && test.size() == probeTest.size()) {
            out.printf(Locale.ROOT, "%nserved test accuracy %s the linear probe on the frozen base model by %+.3f%n",
                    mean(test) >= mean(probeTest) ? "beats" : "is below", mean(test) - mean(probeTest));
        }
    }

    /** A score's number, or null when the score or the field is absent or null. */
    private static Double number(JsonNode score, String field) {
        return score == null || !score.hasNonNull(field) ? null : score.get(field).asDouble();
    }

    private JsonNode scores(long ensembleVersion) {
        JsonNode ensembles = http.getOrNull(url("trainer-service", "/v1/ensembles"));
        if (ensembles != null) {
            for (JsonNode e : ensembles) {
                if (e.get("ensembleVersion").asLong() == ensembleVersion) {
                    return e.get("scores");
                }
            }
        }
        return null;
    }

    static Set<String> servedTasks(JsonNode serving) {
        Set<String> tasks = new HashSet<>();
        for (JsonNode task : serving.get("tasks")) {
            tasks.add(task.get("task").asText());
        }
        return tasks;
    }

    private String url(String service, String path) {
        return system.service(service).url(path);
    }

    private static Double mean(List<Double> values) {
        return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static String fmt(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }
}
