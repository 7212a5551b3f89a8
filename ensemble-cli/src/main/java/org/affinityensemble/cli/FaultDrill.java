package org.affinityensemble.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.affinityensemble.datasets.DatasetCache;
import org.affinityensemble.datasets.DatasetFetcher;
import org.affinityensemble.datasets.SplitCaps;
import org.affinityensemble.datasets.TaskCatalog;
import org.affinityensemble.devstack.DevStack.Dependency;
import org.affinityensemble.devstack.DevStackOptions;
import org.affinityensemble.devstack.ServiceProcess;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.Topics;
import org.affinityensemble.storage.MinioObjectStore;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.S3Settings;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The kill and outage matrix of {@code bin/ensemble bench faults --own-stack} and of {@code PipelineIT}: the same
 * real tasks run through two fresh systems of the five packaged services. The first is left alone. In the second,
 * each of the five services is killed with SIGKILL while it works and started again (the trainer while a run trains,
 * the gradient-service at its first gradients, the affinity-service at the first completed dataset, the
 * cluster-service at the first affinity matrix, the inference-service as the first ensemble is announced), and
 * PostgreSQL, the object store and the broker are each taken away for the outage length during ingestion, during
 * training and during serving (classify requests keep coming). The drill then compares the two served ensembles
 * (groups, each adapter's bytes, per-task weights) and reads every dead-letter topic: no input of the drill is
 * wrong, so whatever is dead-lettered is a valid message lost to a fault.
 */
final class FaultDrill {

    /** The drill's tasks, splits and sampling seed in {@code bench faults}: PipelineIT's first datasets. */
    static final List<String> TASKS = List.of("sent_amazon", "spam_email", "wordnet_verb");
    static final SplitCaps CAPS = new SplitCaps(48, 24, 24);
    static final long SEED = 11L;

    /** What to run: the tasks, their splits, the outage length, the time each stage may take. */
    record Settings(List<String> tasks, SplitCaps caps, long seed, Duration outage, Duration stageTimeout) {
    }

    /** The figures of a drill. */
    record Figures(int kills, int killsSurvived, long outageSecondsTried, long outageSecondsSurvived,
            int validDeadLettered, int servingRequests, int servingErrors, ServedEnsemble.Comparison comparison,
            List<String> notes) {

        String report() {
            return String.format(Locale.ROOT, "kills_tried=%d kills_survived=%d%noutage_seconds_tried=%d "
                    + "outage_seconds_survived=%d valid_dead_lettered=%d serving_requests_during_outages=%d "
                    + "serving_errors_during_outages=%d%n%s", kills, killsSurvived, outageSecondsTried,
                    outageSecondsSurvived, validDeadLettered, servingRequests, servingErrors, comparison.report());
        }
    }

    /** The phases during which each dependency is taken away once. */
    private static final List<String> OUTAGE_PHASES = List.of("ingestion", "training", "serving");

    private final Path repository;
    private final Settings settings;
    private final Path logDir;
    private final PrintStream out;
    private final DatasetCache cache;

    FaultDrill(Path repository, Settings settings, Path logDir, PrintStream out) throws IOException {
        this.repository = repository;
        this.settings = settings;
        this.logDir = logDir;
        this.out = out;
        Path cacheDir = EnsembleHome.dataDir().resolve("datasets");
        DatasetFetcher.ensureCached(settings.tasks(), cacheDir, out);
        this.cache = new DatasetCache(cacheDir);
    }

    /** Runs the undisturbed system, then the one under faults, and compares them. */
    Figures run() throws Exception {
        return underFaults(undisturbed());
    }

    /** The ensemble a fresh system serves for the drill's tasks when nothing goes wrong. */
    ServedEnsemble undisturbed() throws Exception {
        out.println("fault drill: the undisturbed run");
        try (LocalSystem system = start("undisturbed")) {
            ingestAll(system);
            ServedEnsemble served = settled(system, settings.tasks(), settings.stageTimeout(), out);
            close(system);
            return served;
        }
    }

    /** A fresh system under kills and outages, compared with what an undisturbed one served. */
    Figures underFaults(ServedEnsemble undisturbed) throws Exception {
        out.println("fault drill: the run under faults");
        try (LocalSystem system = start("disturbed")) {
            return disturbed(system, undisturbed);
        }
    }

    private Figures disturbed(LocalSystem system, ServedEnsemble undisturbed) throws Exception {
        List<String> notes = new ArrayList<>();
        String bootstrap = system.endpoints().kafkaBootstrapServers();
        int kills = 0;
        int killsSurvived = 0;
        try (TopicProbe gradients = TopicProbe.fromBeginning(bootstrap, Topics.GRADIENTS);
                TopicProbe completed = TopicProbe.fromBeginning(bootstrap, Topics.GRADIENTS_COMPLETED);
                TopicProbe affinity = TopicProbe.fromBeginning(bootstrap, Topics.AFFINITY);
                TopicProbe groupings = TopicProbe.fromBeginning(bootstrap, Topics.GROUPINGS);
                TopicProbe ensembles = TopicProbe.fromBeginning(bootstrap, Topics.ENSEMBLES)) {
            ingestAll(system);
            outages(system, OUTAGE_PHASES.get(0), notes);

            // Each service is killed as soon as its cue shows, whatever the order the pipeline shows them in.
            HttpJson http = new HttpJson(system.apiKey());
            Map<String, Cue> cues = new LinkedHashMap<>();
            cues.put("trainer-service", new Cue("while a training run runs", () -> training(system, http)));
            cues.put("gradient-service", new Cue("at its first gradients", seen(gradients)));
            cues.put("affinity-service", new Cue("at the first completed dataset", seen(completed)));
            cues.put("cluster-service", new Cue("at the first affinity matrix", seen(affinity)));
            cues.put("inference-service", new Cue("as the first ensemble is announced", seen(ensembles)));
            BooleanSupplier grouped = seen(groupings);
            boolean trainingOutages = false;
            long deadline = System.nanoTime() + settings.stageTimeout().toNanos();
            while (!cues.isEmpty() || !trainingOutages) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no cue for " + cues.keySet() + " within "
                            + settings.stageTimeout());
                }
                for (var cue = cues.entrySet().iterator(); cue.hasNext();) {
                    var next = cue.next();
                    if (next.getValue().shown().getAsBoolean()) {
                        killsSurvived += kill(system, next.getKey(), next.getValue().when(), notes);
                        kills++;
                        cue.remove();
                    }
                }
                if (!trainingOutages && grouped.getAsBoolean()) {
                    outages(system, OUTAGE_PHASES.get(1), notes);
                    trainingOutages = true;
                }
                Thread.sleep(200);
            }
        }
        new PipelineWatch(system, out).awaitServed(settings.tasks(), 0, settings.stageTimeout());
        ServingProbe serving = new ServingProbe(system, settings.tasks().get(0));
        serving.start();
        try {
            outages(system, OUTAGE_PHASES.get(2), notes);
        } finally {
            serving.stop();
        }
        ServedEnsemble disturbed = settled(system, settings.tasks(), settings.stageTimeout(), out);
        int deadLettered = deadLettered(bootstrap, notes);
        ServedEnsemble.Comparison comparison = undisturbed.compare(disturbed);
        boolean equal = comparison.equal();
        close(system);
        // every outage was taken (a drill that cannot go on throws)
        long tried = (long) OUTAGE_PHASES.size() * Dependency.values().length * settings.outage().toSeconds();
        return new Figures(kills, equal ? killsSurvived : 0, tried,
                equal && deadLettered == 0 && serving.errors.get() == 0 ? tried : 0, deadLettered,
                serving.requests.get(), serving.errors.get(), comparison, notes);
    }

    private LocalSystem start(String run) throws IOException {
        // Every setting is the services' default but the trainer's epochs (as in PipelineIT) and the consumers'
        // session: a killed instance never leaves its consumer groups, and its successor would wait out the
        // default 45 s session for its partitions. The broker's minimum (6 s) keeps the drill short; a deployment
        // keeps the default and waits longer, with the same outcome.
        Map<String, String> environment = Map.of("ENSEMBLE_TRAINER_EPOCHS", "1",
                "JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -Dkafka.session.timeout.ms=6000"
                        + " -Dkafka.heartbeat.interval.ms=1500");
        Path logs = Files.createDirectories(logDir.resolve(run));
        return LocalSystem.start(repository, new LocalSystem.Settings(DevStackOptions.ephemeral().interruptibleLocal(),
                true, "fault_drill_" + run + "_", true, environment, logs), out);
    }

    private void ingestAll(LocalSystem system) {
        try (TopicWriter writer = new TopicWriter(system.endpoints().kafkaBootstrapServers())) {
            for (String task : settings.tasks()) {
                DatasetIngest.Summary summary = new DatasetIngest(writer, 20_000).ingest(task,
                        TaskCatalog.get(task).labels(), TaskCatalog.get(task).description(),
                        cache.sampledExamples(task, settings.seed(), settings.caps()), Map.of(), out);
                if (!summary.failed().isEmpty()) {
                    throw new IllegalStateException("ingesting " + task + " failed: " + summary.failed());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PostgreSQL, the object store and the broker away one after the other, each for the outage length. */
    private void outages(LocalSystem system, String phase, List<String> notes) throws InterruptedException {
        for (Dependency dependency : Dependency.values()) {
            long started = System.nanoTime();
            system.stack().cut(dependency);
            try {
                Thread.sleep(settings.outage().toMillis());
            } finally {
                system.stack().restore(dependency);
            }
            notes.add(String.format(Locale.ROOT, "%s away %.0f s during %s", dependency, (System.nanoTime() - started)
                    / 1e9, phase));
        }
    }

    /** Kills and restarts a service; 1 when it came back up. */
    private int kill(LocalSystem system, String service, String when, List<String> notes) {
        try {
            ServiceProcess restarted = system.killAndRestart(service);
            notes.add(service + " killed " + when + ", up again as pid " + restarted.pid());
            return 1;
        } catch (RuntimeException e) {
            notes.add(service + " killed " + when + ", did not come back: " + e.getMessage());
            return 0;
        }
    }

    /** When a service is killed: a description, and the check that says its moment has come. */
    private record Cue(String when, BooleanSupplier shown) {
    }

    /** True from the first record on the probe's topic on. */
    private static BooleanSupplier seen(TopicProbe topic) {
        AtomicBoolean seen = new AtomicBoolean();
        return () -> seen.get() || (!topic.drain(Duration.ofMillis(50)).isEmpty() && !seen.getAndSet(true));
    }

    /** Whether the trainer trains θ* or a group's adapter right now. */
    private static boolean training(LocalSystem system, HttpJson http) {
        JsonNode start = http.getOrNull(system.service("trainer-service").url("/v1/training/start"));
        if (start != null && "training".equals(start.path("state").asText())) {
            return true;
        }
        JsonNode runs = http.getOrNull(system.service("trainer-service").url("/v1/training/runs"));
        if (runs != null) {
            for (JsonNode run : runs) {
                if ("RUNNING".equals(run.path("state").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The ensemble a system settles on for {@code tasks}: served, covering every task, and the newest the trainer
     * published, with no build still open.
     */
    static ServedEnsemble settled(LocalSystem system, List<String> tasks, Duration timeout, PrintStream out)
            throws InterruptedException {
        PipelineWatch watch = new PipelineWatch(system, out);
        HttpJson http = new HttpJson(system.apiKey());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode serving = watch.awaitServed(tasks, 0, timeout).get("serving");
            long version = serving.get("version").asLong();
            JsonNode builds = http.getOrNull(system.service("trainer-service").url("/v1/training/builds"));
            boolean settled = builds != null;
            long newest = 0;
            if (builds != null) {
                for (JsonNode build : builds) {
                    settled &= List.of("PUBLISHED", "SUPERSEDED", "FAILED").contains(build.path("state").asText());
                    newest = Math.max(newest, build.path("ensembleVersion").asLong());
                }
            }
            if (settled && newest == version) {
                return ServedEnsemble.read(serving, objectStore(system));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pipeline did not settle within " + timeout + ": serving v"
                        + version + ", builds " + builds);
            }
            Thread.sleep(2000);
        }
    }

    private static ObjectStore objectStore(LocalSystem system) {
        var endpoints = system.endpoints();
        return MinioObjectStore.connectReadOnly(new S3Settings(endpoints.s3Endpoint(), endpoints.s3ReaderAccessKey(),
                endpoints.s3ReaderSecretKey(), LocalSystem.BUCKET, null));
    }

    /** Records on every consumed topic's dead-letter topic, each named in the notes with its reason. */
    private static int deadLettered(String bootstrap, List<String> notes) {
        List<String> deadLetterTopics = Topics.consumed().stream().map(Topics::deadLetter).toList();
        try (TopicProbe probe = TopicProbe.fromBeginning(bootstrap, deadLetterTopics)) {
            List<ConsumerRecord<String, String>> records = probe.drain(Duration.ofSeconds(2));
            for (ConsumerRecord<String, String> record : records) {
                notes.add("dead-lettered on " + record.topic() + ": " + record.key() + ": "
                        + TopicProbe.header(record, "dead-letter-reason"));
            }
            return records.size();
        }
    }

    private static void close(LocalSystem system) {
        ServiceProcess.closeAll(system.services());
    }

    /** One client classifying back to back while the dependencies go away: serving must not notice. */
    private static final class ServingProbe {
        private final LocalSystem system;
        private final String task;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger errors = new AtomicInteger();
        private final Thread thread;

        ServingProbe(LocalSystem system, String task) {
            this.system = system;
            this.task = task;
            this.thread = new Thread(this::classify, "fault-drill-serving");
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        private void classify() {
            HttpJson http = new HttpJson(system.apiKey());
            while (running.get()) {
                requests.incrementAndGet();
                try {
                    HttpJson.Response response = http.post(system.service("inference-service").url("/v1/classify"),
                            Map.of("task", task, "texts", List.of("a request while a dependency is away")));
                    if (response.status() != 200) {
                        errors.incrementAndGet();
                    }
                    Thread.sleep(50);
                } catch (UncheckedIOException refused) {
                    errors.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
