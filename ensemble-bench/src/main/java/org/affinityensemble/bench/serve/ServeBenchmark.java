package org.affinityensemble.bench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.DevStackOptions;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.devstack.Processes;
import org.affinityensemble.devstack.ServiceProcess;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.EnsemblePublished;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.Topics;
import org.affinityensemble.bench.BenchModels;
import org.affinityensemble.events.PromptSpec;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.PeftAdapterFiles;
import org.affinityensemble.serving.BaseProjectionWeights;
import org.affinityensemble.serving.LoadedEnsemble;
import org.affinityensemble.serving.ServingMode;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.MinioObjectStore;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.S3Settings;
import org.affinityensemble.storage.StorageLayout;

/**
 * {@code bin/ensemble bench serve}: throughput and p50/p99 latency of {@code POST /v1/classify} under a fixed
 * concurrency, in output and merged mode, for the packaged inference-service running as its own JVM against a
 * throw-away local stack (Kafka, S3), next to the same texts through the bare model in this JVM: the same
 * ensemble assembled the way the service assembles it ({@link LoadedEnsemble}, with its prepared LoRA terms and
 * merged weights) and scored in batches of concurrency × texts per request, the groups the micro-batcher forms.
 * Rounds interleave the four measurements; the summary takes each figure's median over rounds. Prints
 * {@code serve_overhead=} (service time / bare model time for the same texts, per mode) and
 * {@code merged_vs_output=} (service throughput, merged / output).
 */
public final class ServeBenchmark {

    /** The one task of the benchmark ensembles. */
    public static final String TASK = "bench_sentiment";
    private static final List<String> LABELS = List.of("negative", "positive");
    /** The task's prompt for a decoder LM (an encoder ignores it). */
    private static final PromptSpec PROMPT = new PromptSpec("Review: {text}\nSentiment:", null);
    private static final String BUCKET = "serve-benchmark";

    private ServeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ServeOptions options = ServeOptions.parse(args);
        try (DevStack stack = DevStack.start(DevStackOptions.ephemeral());
                LanguageModel model = BenchModels.load(options.modelDir())) {
            run(options, stack.endpoints(), model);
        }
    }

    private static void run(ServeOptions options, Endpoints endpoints, LanguageModel model) throws Exception {
        Map<String, LoraAdapter> adapters = new LinkedHashMap<>();
        for (int k = 0; k < options.adapters(); k++) {
            adapters.put("bench-" + k, adapter(model, 1000 + k));
        }
        EnsembleManifest manifest = storeEnsemble(endpoints, model, adapters, options.maxLength());

        Path log = Path.of(System.getProperty("java.io.tmpdir"), "serve-benchmark-service.log");
        Map<String, String> environment = new LinkedHashMap<>(ServiceProcess.environment("inference-service",
                endpoints, null, BUCKET));
        if (options.modelDir() != null) {
            environment.put("ENSEMBLE_MODEL_DIR", Path.of(options.modelDir()).toAbsolutePath().normalize().toString());
            environment.put("ENSEMBLE_MODEL_ID", model.modelId());
        }
        try (ServiceProcess service = ServiceProcess.start("inference-service", options.app(), Processes.freePort(),
                environment, options.serviceJvmOptions(), log)) {
            service.awaitStarted(Duration.ofMinutes(3));
            publish(endpoints, BUCKET, model, 1, List.copyOf(adapters.keySet()));
            awaitVersion(service, 1, Duration.ofMinutes(2));
            LoadedEnsemble bare = LoadedEnsemble.assemble(model, BaseProjectionWeights.of(model), manifest, adapters,
                    Map.of(), options.concurrency() * options.textsPerRequest());
            try {
                measure(options, model, bare, service);
            } finally {
                bare.release();
            }
        }
    }

    private static void measure(ServeOptions options, LanguageModel model, LoadedEnsemble bare, ServiceProcess service)
            throws Exception {
        int batch = options.concurrency() * options.textsPerRequest();
        ClassifyLoad load = new ClassifyLoad(service.url(""), TASK, service.authorization());
        int texts = options.requests() * options.textsPerRequest();
        System.out.printf(Locale.ROOT, "ServeBenchmark: %s (%s), %d adapter(s) of equal weight, %d clients x %d text(s),"
                + " %d requests per mode and round, %d round(s), max length %d; service = packaged jar as its own JVM"
                + " %s (log %s); bare = the same ensemble's forward passes (LoadedEnsemble.score) in this JVM,"
                + " batches of %d%n", model.modelId(), model.architecture(), bare.weights(TASK).size(), options.concurrency(),
                options.textsPerRequest(), options.requests(), options.rounds(), options.maxLength(),
                options.serviceJvmOptions(), service.log(), batch);
        warmUp(options, load, bare, batch);
        Map<String, List<double[]>> byMode = new LinkedHashMap<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (ServingMode mode : ServingMode.values()) {
                String name = mode.wireName();
                load.run(name, options.concurrency(), options.warmupRequests(), options.textsPerRequest(), 0);
                double modelBefore = forwardSeconds(service, name);
                LatencySummary serve = load.run(name, options.concurrency(), options.requests(),
                        options.textsPerRequest(), round * 100_000);
                double serviceModelSeconds = forwardSeconds(service, name) - modelBefore;
                List<String> sample = ServeTexts.texts(round * 100_000, texts);
                bareRun(bare, mode, ServeTexts.texts(0, batch), batch); // warm-up
                long start = System.nanoTime();
                bareRun(bare, mode, sample, batch);
                double bareSeconds = (System.nanoTime() - start) / 1e9;
                double bareThroughput = texts / bareSeconds;
                double overhead = serve.seconds() / bareSeconds;
                System.out.printf(Locale.ROOT, "round %d mode=%s serve %.1f texts/s p50=%.1f ms p99=%.1f ms |"
                        + " bare %.1f texts/s | overhead %.3f | wall %.2f s: model in the service %.2f s, bare"
                        + " model %.2f s%n", round, name, serve.throughput(), serve.p50Millis(), serve.p99Millis(),
                        bareThroughput, overhead, serve.seconds(), serviceModelSeconds, bareSeconds);
                byMode.computeIfAbsent(name, m -> new ArrayList<>()).add(new double[] {serve.throughput(),
                        serve.p50Millis(), serve.p99Millis(), bareThroughput, overhead});
            }
        }
        Map<String, double[]> medians = new LinkedHashMap<>();
        byMode.forEach((mode, rounds) -> medians.put(mode, medianColumns(rounds)));
        medians.forEach((mode, m) -> System.out.printf(Locale.ROOT, "mode=%s serve_throughput=%.1f p50_ms=%.1f"
                + " p99_ms=%.1f bare_throughput=%.1f serve_overhead=%.3f%n", mode, m[0], m[1], m[2], m[3], m[4]));
        double[] output = medians.get("output");
        double[] merged = medians.get("merged");
        System.out.printf(Locale.ROOT, "merged_vs_output=%.3f (service throughput, merged / output; bare model %.3f)%n",
                merged[0] / output[0], merged[3] / output[3]);
        System.out.println(batchSizes(service));
    }

    /**
     * Runs each mode through the service for {@code --warmup-seconds} before the first round, until the service's
     * JIT compilers have settled (a young service spends several per cent of the CPU compiling its request path,
     * which its forward passes then lack), and the bare model through the same modes.
     */
    private static void warmUp(ServeOptions options, ClassifyLoad load, LoadedEnsemble bare, int batch)
            throws InterruptedException {
        for (ServingMode mode : ServingMode.values()) {
            long until = System.nanoTime() + options.warmupSeconds() * 1_000_000_000L;
            int requests = 0;
            while (System.nanoTime() < until) {
                load.run(mode.wireName(), options.concurrency(), options.concurrency() * 8, options.textsPerRequest(),
                        0);
                requests += options.concurrency() * 8;
            }
            bareRun(bare, mode, ServeTexts.texts(0, batch * 8), batch);
            System.out.printf(Locale.ROOT, "warm-up: mode=%s %d requests in %d s%n", mode.wireName(), requests,
                    options.warmupSeconds());
        }
    }

    /** The texts in batches of the size the service forms, scored as the service scores a group. */
    private static void bareRun(LoadedEnsemble bare, ServingMode mode, List<String> texts, int batch) {
        for (int from = 0; from < texts.size(); from += batch) {
            bare.score(TASK, texts.subList(from, Math.min(texts.size(), from + batch)), mode,
                    mode == ServingMode.OUTPUT);
        }
    }

    private static double[] medianColumns(List<double[]> rows) {
        double[] out = new double[rows.get(0).length];
        for (int c = 0; c < out.length; c++) {
            int column = c;
            double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
            out[c] = values.length % 2 == 1 ? values[values.length / 2]
                    : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        }
        return out;
    }

    /** A LoRA r=8 adapter on q,k,v: A as initialised from the seed, B drawn N(0, 0.05²) from it. */
    /** An adapter of the model's LoRA layout with random B (so that it changes the scores), from {@code seed}. */
    public static LoraAdapter adapter(LanguageModel model, long seed) {
        LoraAdapter initial = model.initialAdapter(new LoraSpec(8, 16, List.of("q", "k", "v"), seed));
        float[] values = initial.parameters();
        SplittableRandom random = new SplittableRandom(seed);
        for (int slot = 0; slot < initial.layout().slots().size(); slot++) {
            int start = (int) initial.layout().bOffset(slot);
            for (int i = 0; i < initial.layout().bSize(slot); i++) {
                values[start + i] = (float) (0.05 * random.nextGaussian());
            }
        }
        return initial.withParameters(values);
    }

    private static EnsembleManifest storeEnsemble(Endpoints endpoints, LanguageModel model,
            Map<String, LoraAdapter> adapters, int maxLength) {
        return storeEnsemble(endpoints, BUCKET, model, 1, adapters, maxLength);
    }

    /**
     * Stores the adapters and a manifest of ensemble {@code version} over {@link #TASK} (equal weights) in
     * {@code bucket}, with the stack's writer key, as the trainer would.
     */
    public static EnsembleManifest storeEnsemble(Endpoints endpoints, String bucket, LanguageModel model, long version,
            Map<String, LoraAdapter> adapters, int maxLength) {
        ObjectStore store = MinioObjectStore.connect(new S3Settings(endpoints.s3Endpoint(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), bucket, null));
        List<EnsembleManifest.AdapterEntry> entries = new ArrayList<>();
        Map<String, Double> taskWeights = new LinkedHashMap<>();
        for (Map.Entry<String, LoraAdapter> adapter : adapters.entrySet()) {
            String id = adapter.getKey();
            PeftAdapterFiles files = model.writeAdapter(adapter.getValue());
            store.put(StorageLayout.adapterConfig(id), files.adapterConfig(), "application/json");
            store.put(StorageLayout.adapterWeights(id), files.adapterModel(), "application/octet-stream");
            entries.add(new EnsembleManifest.AdapterEntry(id, entries.isEmpty()
                    ? EnsembleManifest.AdapterEntry.Kind.GROUP : EnsembleManifest.AdapterEntry.Kind.BOOST, "bench",
                    List.of(TASK), StorageLayout.adapterPrefix(id), Map.of()));
            taskWeights.put(id, 1.0 / adapters.size());
        }
        EnsembleManifest manifest = new EnsembleManifest(EnsembleManifest.SCHEMA_VERSION, version, model.modelId(),
                maxLength, 20, 1, entries, Map.of(TASK, new EnsembleManifest.TaskEntry(LABELS, taskWeights, null,
                null, PROMPT, null)), Instant.now().toString());
        store.put(StorageLayout.ensembleManifest(model.modelId(), version), manifest.toJson(), "application/json");
        return manifest;
    }

    /** Announces ensemble {@code version} (stored by {@link #storeEnsemble}) on the ensembles topic, as the trainer. */
    public static void publish(Endpoints endpoints, String bucket, LanguageModel model, long version,
            List<String> adapterIds) {
        try (TopicWriter writer = new TopicWriter(endpoints.kafkaBootstrapServers())) {
            writer.sendAndWait(Topics.ENSEMBLES, model.modelId(), EventCodec.encode(new EnsemblePublished(version,
                    model.modelId(), bucket, StorageLayout.ensembleManifest(model.modelId(), version), version,
                    adapterIds)));
        }
    }

    /** Waits until the service serves {@code version}; fails at once when it reports a load error. */
    public static void awaitVersion(ServiceProcess service, long version, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.url("/v1/models")))
                    .header("Authorization", service.authorization()).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode models = EventCodec.mapper().readTree(response.body());
            if (models.at("/serving/version").asLong(-1) == version) {
                return;
            }
            if (!models.path("lastError").isNull() && !models.path("lastError").isMissingNode()) {
                throw new IllegalStateException("the service could not load the ensemble: " + models.get("lastError"));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(service.name() + ": ensemble v" + version + " not serving within " + timeout
                + " (log " + service.log() + ")");
    }

    /** The service's own record of how many texts went through each forward group. */
    private static String batchSizes(ServiceProcess service) throws Exception {
        String metrics = metrics(service);
        StringBuilder out = new StringBuilder("service batches:");
        for (String mode : List.of("output", "merged")) {
            double count = sample(metrics, "ensemble_inference_batch_texts_count{mode=\"" + mode + "\"}");
            double sum = sample(metrics, "ensemble_inference_batch_texts_sum{mode=\"" + mode + "\"}");
            out.append(String.format(Locale.ROOT, " %s mean %.1f texts over %.0f groups;", mode, sum / count, count));
        }
        return out.toString();
    }

    /** Seconds the service's batcher has spent in forward passes of a mode so far. */
    private static double forwardSeconds(ServiceProcess service, String mode) throws Exception {
        String metrics = metrics(service);
        double seconds = sample(metrics, "ensemble_inference_forward_seconds_sum{mode=\"" + mode + "\"}");
        return Double.isNaN(seconds) ? 0 : seconds;
    }

    /** The service's Prometheus metrics, as text. */
    private static String metrics(ServiceProcess service) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url("/q/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double sample(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).split(" # ")[0].trim()); // no exemplar
            }
        }
        return Double.NaN;
    }
}
