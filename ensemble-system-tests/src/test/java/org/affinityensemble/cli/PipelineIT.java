package org.affinityensemble.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.affinityensemble.bench.security.SecurityProbe;
import org.affinityensemble.datasets.DatasetCache;
import org.affinityensemble.datasets.DatasetFetcher;
import org.affinityensemble.datasets.FetchSummary;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.datasets.SplitCaps;
import org.affinityensemble.datasets.TaskCatalog;
import org.affinityensemble.devstack.DevStackOptions;
import org.affinityensemble.devstack.ServiceProcess;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.Split;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline end to end: the five packaged services as their own JVMs over a real broker, database and
 * object store ({@link LocalSystem}, as {@code bin/ensemble up} runs them), real tasks streamed in through Kafka,
 * the served ensemble queried over HTTP; then one more dataset, and a new version grouped, trained and served
 * with nothing restarted and the adapters of unchanged groups reused. Every setting is the services' default but
 * one: the trainer trains one epoch per adapter, and the affinity service follows it with nothing else changed
 * (the schedule travels in the events, ADR 0080). One trace follows the later dataset from its ingestion through
 * every service to the version that serves it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    private static final List<String> FIRST = FaultDrill.TASKS;
    private static final String LATER = "sent_imdb";
    private static final SplitCaps CAPS = FaultDrill.CAPS;
    private static final long SEED = FaultDrill.SEED;
    private static final Duration STAGE_TIMEOUT = Duration.ofMinutes(20);

    private static LocalSystem system;
    /** What this system served for FIRST: the reference of the fault drill (the last test). */
    private static ServedEnsemble servedFirst;
    private static DatasetCache cache;
    private static HttpJson http;
    private static Path apiKeyFile;
    private static final PrintStream out = System.out;

    @BeforeAll
    static void start() throws Exception {
        Path cacheDir = EnsembleHome.dataDir().resolve("datasets");
        List<String> tasks = new ArrayList<>(FIRST);
        tasks.add(LATER);
        for (FetchSummary summary : DatasetFetcher.fetch(tasks, cacheDir, out)) {
            assertThat(summary.status()).as(summary.taskId() + ": " + summary.message())
                    .isNotEqualTo(FetchSummary.Status.FAILED);
        }
        cache = new DatasetCache(cacheDir);
        Path logs = Files.createDirectories(Path.of("target", "pipeline-it"));
        // Every setting is the services' default (θ*, then adapters with A frozen) but the trainer's epochs. The five
        // JVMs run with the client compiler only, as the test JVMs do (the parent pom's test.argLine): they start on
        // about a third less CPU, and the heavy numbers run in libtorch either way.
        Map<String, String> environment = Map.of("ENSEMBLE_TRAINER_EPOCHS", "1",
                "JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
        Path repository = Path.of("").toAbsolutePath().getParent(); // failsafe runs in ensemble-system-tests/
        system = LocalSystem.start(repository, new LocalSystem.Settings(DevStackOptions.ephemeral(),
                true, "pipeline_it_", true, environment, logs), out);
        http = new HttpJson(system.apiKey());
        apiKeyFile = Files.writeString(logs.resolve("api-key"), system.apiKey());
    }

    @AfterAll
    static void stop() {
        stopSystem();
    }

    private static void stopSystem() {
        if (system != null) {
            // The five services stop side by side (each closes its Kafka consumers one after the other), then the stack.
            ServiceProcess.closeAll(system.services());
            system.close();
            system = null;
        }
    }

    @Test
    @Order(1)
    void tasksStreamedInAreServedAndANewDatasetIsServedWithoutARestart() throws Exception {
        PipelineWatch watch = new PipelineWatch(system, out);
        Map<String, Long> pids = pids();
        FIRST.forEach(PipelineIT::ingest);

        JsonNode first = watch.awaitServed(FIRST, 0, STAGE_TIMEOUT).get("serving");
        servedFirst = FaultDrill.settled(system, FIRST, STAGE_TIMEOUT, out);
        watch.report(http.getOrNull(system.service("inference-service").url("/v1/models")));
        long firstVersion = first.get("version").asLong();
        assertThat(PipelineWatch.servedTasks(first)).containsExactlyInAnyOrderElementsOf(FIRST);

        // The served ensemble answers for a task with what the trainer measured on the same test split.
        JsonNode scores = scores(firstVersion);
        for (String task : FIRST) {
            double served = servedTestAccuracy(task, firstVersion);
            double measured = scores.get(task).get("testAccuracy").asDouble();
            out.printf("%s: served test accuracy %.3f, trainer's %.3f%n", task, served, measured);
            assertThat(served).as(task + ": serving reproduces the trainer's test accuracy")
                    .isCloseTo(measured, org.assertj.core.data.Offset.offset(1.0 / CAPS.test() + 1e-9));
        }
        assertBeatsZeroShotOnValidation(scores);
        assertClassifyCommandAnswers("sent_amazon", firstVersion);
        JsonNode affinity = http.getOrNull(system.service("affinity-service").url("/v1/affinity"));
        String metaId = assertStartsFromOneMetaInitialisation(affinity);


        String laterTrace = ingest(LATER);
        List<String> all = new ArrayList<>(FIRST);
        all.add(LATER);
        JsonNode second = watch.awaitServed(all, firstVersion, STAGE_TIMEOUT).get("serving");
        watch.report(http.getOrNull(system.service("inference-service").url("/v1/models")));
        assertThat(second.get("groupingVersion").asLong()).isGreaterThan(first.get("groupingVersion").asLong());

        JsonNode grouping = http.getOrNull(system.service("cluster-service").url("/v1/groupings"));
        assertThat(grouping.get("version").asLong()).isEqualTo(second.get("groupingVersion").asLong());
        Set<String> changed = new HashSet<>();
        grouping.get("changed").forEach(g -> changed.add(g.asText()));
        Set<String> firstAdapters = new HashSet<>();
        first.get("adapters").forEach(a -> firstAdapters.add(a.get("adapterId").asText()));
        for (JsonNode adapter : second.get("adapters")) {
            if (!"GROUP".equals(adapter.get("kind").asText())) {
                continue;
            }
            String id = adapter.get("adapterId").asText();
            if (changed.contains(adapter.get("groupId").asText())) {
                assertThat(firstAdapters).as("a changed group gets a new adapter").doesNotContain(id);
            } else {
                assertThat(firstAdapters).as("an unchanged group keeps its adapter").contains(id);
            }
        }
        long secondVersion = second.get("version").asLong();
        JsonNode secondScores = scores(secondVersion);
        double served = servedTestAccuracy(LATER, secondVersion);
        assertThat(served).isCloseTo(secondScores.get(LATER).get("testAccuracy").asDouble(),
                org.assertj.core.data.Offset.offset(1.0 / CAPS.test() + 1e-9));
        assertBeatsZeroShotOnValidation(secondScores);
        JsonNode laterAffinity = http.getOrNull(system.service("affinity-service").url("/v1/affinity"));
        assertThat(assertStartsFromOneMetaInitialisation(laterAffinity))
                .as("the later dataset: the same θ* for its adapters").isEqualTo(metaId);
        assertThat(laterAffinity.get("projectionId").asText()).isEqualTo(affinity.get("projectionId").asText());
        assertThat(laterAffinity.get("tasks")).hasSize(all.size());

        assertOneTraceFromIngestionToServing(laterTrace, secondVersion);
        assertThat(pids()).as("nothing was restarted").isEqualTo(pids);
        for (ServiceProcess service : system.services()) {
            assertThat(service.isAlive()).as(service.name()).isTrue();
        }
    }

    /**
     * The services' default (ADR 0122): θ* was trained once on the first datasets and the adapters start there,
     * while the affinity's gradients were taken at the LoRA initialisation (the gradient workers' own projection,
     * no start) and estimated by the ridge. Returns θ*'s id.
     */
    private static String assertStartsFromOneMetaInitialisation(JsonNode affinity) {
        JsonNode start = http.getOrNull(system.service("trainer-service").url("/v1/training/start"));
        assertThat(start.get("state").asText()).isEqualTo("ready");
        JsonNode metas = http.getOrNull(system.service("trainer-service").url("/v1/training/meta-adapters"));
        assertThat(metas).hasSize(1);
        List<String> trainedOn = new ArrayList<>();
        metas.get(0).get("datasets").forEach(d -> trainedOn.add(d.asText()));
        assertThat(trainedOn).containsExactlyInAnyOrderElementsOf(FIRST.stream().map(t -> t + "@1").toList());
        JsonNode initialisation = http.getOrNull(system.service("gradient-service").url("/v1/gradients/projection"));
        org.affinityensemble.events.ProjectionSpec atInit = org.affinityensemble.events.EventCodec.mapper()
                .convertValue(initialisation, org.affinityensemble.events.ProjectionSpec.class);
        assertThat(atInit.start()).isNull();
        assertThat(affinity.get("projectionId").asText()).as("the affinity's gradients at the LoRA initialisation")
                .isEqualTo(atInit.id());
        assertThat(affinity.get("estimator").asText()).isEqualTo("ridge(lambda=0.005)");
        return start.get("adapterId").asText();
    }

    /** Streams a task in; returns the id of its trace. */
    private static String ingest(String task) {
        try (TopicWriter writer = new TopicWriter(system.endpoints().kafkaBootstrapServers())) {
            DatasetIngest.Summary summary = new DatasetIngest(writer, 20_000).ingest(task,
                    TaskCatalog.get(task).labels(), TaskCatalog.get(task).description(),
                    cache.sampledExamples(task, SEED, CAPS), Map.of(), out);
            summary.print(out);
            return summary.traceId();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The trace the ingestion started reaches every service: the trainer materialises the dataset and sends its
     * gradient requests in it, the gradient service completes it, the affinity and cluster services publish the
     * matrix and grouping it caused, the trainer publishes the ensemble, and the inference service loads it.
     */
    /**
     * The same probe as {@code bin/ensemble bench security}, on this running system: every endpoint of every service
     * refuses a request without a token or with a wrong one (401) and answers the key; health and metrics stay
     * open; forged results against a run the trainer launched are dead-lettered and change nothing.
     */
    @Test
    @Order(2)
    void intrudersAreRefusedAndForgedResultsChangeNothing() throws Exception {
        JsonNode runs = http.getOrNull(system.service("trainer-service").url("/v1/training/runs"));
        assertThat(runs).as("the trainer's runs").isNotNull().isNotEmpty();
        SecurityProbe.KnownRun run = new SecurityProbe.KnownRun(runs.get(0).get("runId").asText(),
                runs.get(0).get("groupId").asText(), runs.get(0).get("attempt").asInt(),
                runs.get(0).get("adapterId").asText());
        List<SecurityProbe.Target> targets = system.services().stream()
                .map(s -> new SecurityProbe.Target(s.name(), s.url(""))).toList();
        SecurityProbe.Figures figures = new SecurityProbe(system.apiKey()).run(targets,
                system.endpoints().kafkaBootstrapServers(), system.service("trainer-service").url(""), run);
        out.println(figures.report());
        assertThat(figures.failures()).isEmpty();
        assertThat(figures.unauthenticatedTried()).as("every endpoint of five services, twice").isGreaterThan(40);
        assertThat(figures.unauthenticatedRejected()).isEqualTo(figures.unauthenticatedTried());
        assertThat(figures.authenticatedAccepted()).isEqualTo(figures.authenticatedTried());
        assertThat(figures.openAnswered()).isEqualTo(figures.openTried()).isEqualTo(15);
        assertThat(figures.forgedTried()).isEqualTo(8);
        assertThat(figures.forgedRejected()).isEqualTo(figures.forgedTried());
        assertThat(figures.forgedChangedState()).isZero();
    }

    private static void assertOneTraceFromIngestionToServing(String traceId, long version) throws Exception {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("trainer-service", List.of("materialised", "gradient requests of " + LATER,
                "ensemble v" + version + " published"));
        expected.put("gradient-service", List.of("gradients of " + LATER));
        expected.put("affinity-service", List.of("affinity v"));
        expected.put("cluster-service", List.of("grouping v"));
        expected.put("inference-service", List.of("ensemble v" + version + " serving"));
        for (var entry : expected.entrySet()) {
            List<String> traced = Files.readAllLines(Path.of("target", "pipeline-it", entry.getKey() + ".log"))
                    .stream().filter(line -> line.contains("trace=" + traceId)).toList();
            for (String fragment : entry.getValue()) {
                assertThat(traced).as(entry.getKey() + " logs '" + fragment + "' in trace " + traceId)
                        .anyMatch(line -> line.contains(fragment));
            }
        }
    }

    /** Accuracy of {@code POST /v1/classify} (output mode) on the task's test split, checking each answer's shape. */
    private static double servedTestAccuracy(String task, long expectedVersion) throws Exception {
        List<LabelledExample> test = cache.sampledExamples(task, SEED, CAPS).stream()
                .filter(e -> e.split() == Split.TEST).toList();
        assertThat(test).hasSize(CAPS.test());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("task", task);
        request.put("texts", test.stream().map(LabelledExample::text).toList());
        request.put("mode", "output");
        HttpJson.Response response = http.post(system.service("inference-service").url("/v1/classify"), request);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.body().get("ensembleVersion").asLong()).isEqualTo(expectedVersion);
        JsonNode predictions = response.body().get("predictions");
        assertThat(predictions).hasSize(test.size());
        List<String> labels = TaskCatalog.get(task).labels();
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            JsonNode prediction = predictions.get(i);
            assertThat(labels).contains(prediction.get("label").asText());
            double sum = 0;
            for (JsonNode p : prediction.get("probabilities")) {
                sum += p.asDouble();
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
            if (prediction.get("label").asText().equals(test.get(i).label())) {
                correct++;
            }
        }
        return correct / (double) test.size();
    }

    /** {@code bin/ensemble classify} against the running service prints the version and one line per text. */
    private static void assertClassifyCommandAnswers(String task, long version) {
        PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            exit = Main.run("classify", "--url", system.service("inference-service").url(""), "--api-key-file",
                    apiKeyFile.toString(), "--task", task, "--explain", "I love it, works perfectly",
                    "broke after two days, waste of money");
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        out.print(printed);
        assertThat(exit).isZero();
        assertThat(printed).contains("ensemble v" + version);
        List<String> labels = TaskCatalog.get(task).labels();
        assertThat(printed.lines().filter(line -> labels.stream().anyMatch(line::startsWith))).hasSize(2);
        assertThat(Main.run("classify", "--url", system.service("inference-service").url(""), "--api-key-file",
                apiKeyFile.toString(), "--task", "no_such_task", "text")).as("an unknown task is a clear error")
                .isEqualTo(1);
    }

    /** The weights are learned on validation data: there the ensemble must do at least as well as zero-shot. */
    private static void assertBeatsZeroShotOnValidation(JsonNode scores) {
        double ensemble = 0;
        double zeroShot = 0;
        for (JsonNode score : scores) {
            ensemble += score.get("validationAccuracy").asDouble();
            zeroShot += score.get("zeroShotValidationAccuracy").asDouble();
            assertThat(score.get("probeValidationAccuracy").asDouble()).as("the linear probe is measured beside it")
                    .isBetween(0.0, 1.0);
        }
        assertThat(ensemble / scores.size()).as("mean validation accuracy vs zero-shot").isGreaterThanOrEqualTo(
                zeroShot / scores.size());
    }

    private static JsonNode scores(long ensembleVersion) {
        for (JsonNode e : http.getOrNull(system.service("trainer-service").url("/v1/ensembles"))) {
            if (e.get("ensembleVersion").asLong() == ensembleVersion) {
                return e.get("scores");
            }
        }
        throw new AssertionError("the trainer does not list ensemble v" + ensembleVersion);
    }

    private static Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (ServiceProcess service : system.services()) {
            pids.put(service.name(), service.pid());
        }
        return pids;
    }

    /**
     * {@code bin/ensemble bench faults}' kill and outage matrix ({@link FaultDrill}) with 5 s outages instead of
     * 60 s, against what this system served for the first datasets with nothing disturbed: a fresh system fed the
     * same data, each service killed with SIGKILL mid-work and started again, PostgreSQL, the object store and the
     * broker each away during ingestion, training and serving, serves the same ensemble (groups, adapter bytes,
     * weights), dead-letters nothing valid and answers every classify request throughout.
     */
    @Test
    @Order(3)
    void aSystemKilledAndCutOffFromItsDependenciesServesTheSameEnsemble() throws Exception {
        assertThat(servedFirst).as("the undisturbed reference of the first test").isNotNull();
        stopSystem();
        FaultDrill.Figures figures = new FaultDrill(Path.of("").toAbsolutePath().getParent(),
                new FaultDrill.Settings(FIRST, CAPS, SEED, Duration.ofSeconds(5), STAGE_TIMEOUT),
                Path.of("target", "fault-drill-it"), out).underFaults(servedFirst);
        out.println(figures.report());
        figures.notes().forEach(note -> out.println("  " + note));

        assertThat(figures.comparison().differences()).isEmpty();
        assertThat(figures.comparison().equal()).as(figures.comparison().report()).isTrue();
        assertThat(figures.validDeadLettered()).as("valid messages dead-lettered (the drill's notes: %s)",
                figures.notes()).isZero();
        assertThat(figures.servingRequests()).isPositive();
        assertThat(figures.servingErrors()).as("classify errors while a dependency was away").isZero();
        assertThat(figures.killsSurvived()).isEqualTo(5);
        assertThat(figures.outageSecondsSurvived()).isEqualTo(figures.outageSecondsTried()).isEqualTo(45);
    }
}
