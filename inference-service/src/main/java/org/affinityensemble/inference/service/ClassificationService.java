package org.affinityensemble.inference.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.affinityensemble.inference.config.InferenceSettings;
import org.affinityensemble.serving.Classification;
import org.affinityensemble.serving.EnsembleSlot;
import org.affinityensemble.serving.LoadedEnsemble;
import org.affinityensemble.serving.MicroBatcher;
import org.affinityensemble.serving.ServingMode;
import org.affinityensemble.serving.TaskScores;

/**
 * Classifies texts with the serving ensemble: checks the request against the limits, leases the ensemble, and
 * queues the request on the micro-batcher, whose thread scores each group (same ensemble, task and mode) with
 * one set of forward passes and splits the rows back to the requests.
 */
@ApplicationScoped
public class ClassificationService {

    @Inject
    EnsembleManager ensembles;

    @Inject
    InferenceSettings settings;

    @Inject
    MeterRegistry metrics;

    private MicroBatcher<ClassifyJob> batcher;
    private QueuedTextBudget queuedText;

    @PostConstruct
    void start() {
        batcher = new MicroBatcher<>("inference-batcher", settings.batch().maxTexts(), settings.batch().maxWait(),
                settings.batch().queueCapacity(), this::process);
        queuedText = new QueuedTextBudget(settings.batch().queueChars());
    }

    @PreDestroy
    void stop() {
        batcher.close();
    }

    /**
     * Classifies texts of one task.
     *
     * @param modeName {@code output}, {@code merged}, or null for the configured default
     * @throws RequestRejected for a request the limits refuse, an unknown task, or no ensemble loaded yet
     */
    public CompletionStage<Classification> classify(String task, List<String> texts, String modeName,
            boolean explain) {
        ServingMode mode = checkRequest(task, texts, modeName);
        EnsembleSlot.Lease lease = ensembles.acquire().orElseThrow(() -> RequestRejected.unavailable(
                "no ensemble version is loaded yet" + ensembles.lastError().map(e -> " (loading v" + e.version()
                        + " failed: " + e.message() + ")").orElse(": waiting for the first ensemble.published event")));
        if (!lease.ensemble().hasTask(task)) {
            List<String> known = List.copyOf(lease.ensemble().manifest().tasks().keySet());
            lease.close();
            throw RequestRejected.unknownTask("ensemble v" + lease.ensemble().version() + " has no task '" + task
                    + "'; its tasks: " + known.stream().sorted().toList());
        }
        ClassifyJob job = new ClassifyJob(lease, task, mode, texts, explain);
        Timer.Sample timing = Timer.start(metrics);
        long chars = texts.stream().mapToLong(String::length).sum();
        if (!queuedText.tryAcquire(chars)) {
            lease.close();
            throw RequestRejected.unavailable("too much text is waiting for the model; retry shortly");
        }
        if (!batcher.submit(job)) {
            queuedText.release(chars);
            lease.close();
            throw RequestRejected.unavailable("too many requests are waiting for the model; retry shortly");
        }
        return job.result().whenComplete((result, failure) -> {
            queuedText.release(chars);
            lease.close();
            timing.stop(Timer.builder("ensemble_inference_request_seconds")
                    .description("Time from accepting a classify request to its answer, per task and mode")
                    .tags("task", task, "mode", mode.wireName(), "outcome", failure == null ? "ok" : "error")
                    .publishPercentiles(0.5, 0.99).register(metrics));
        });
    }

    private ServingMode checkRequest(String task, List<String> texts, String modeName) {
        if (task == null || task.isBlank()) {
            throw RequestRejected.badRequest("'task' is missing");
        }
        if (texts == null || texts.isEmpty()) {
            throw RequestRejected.badRequest("'texts' is empty: give one text or more");
        }
        if (texts.size() > settings.maxTexts()) {
            throw RequestRejected.tooLarge(texts.size() + " texts in one request; at most " + settings.maxTexts());
        }
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw RequestRejected.badRequest("text " + i + " is empty");
            }
            if (text.length() > settings.maxTextChars()) {
                throw RequestRejected.tooLarge("text " + i + " has " + text.length() + " characters; at most "
                        + settings.maxTextChars());
            }
        }
        if (modeName == null || modeName.isBlank()) {
            return settings.defaultMode();
        }
        try {
            return ServingMode.parse(modeName);
        } catch (IllegalArgumentException e) {
            throw RequestRejected.badRequest(e.getMessage());
        }
    }

    /** Runs on the batcher's thread: one group's forward passes, then each job's share of the rows. */
    private void process(List<ClassifyJob> group) {
        ClassifyJob first = group.get(0);
        LoadedEnsemble ensemble = first.ensemble();
        List<String> texts = new ArrayList<>();
        group.forEach(job -> texts.addAll(job.texts()));
        boolean contributions = first.mode() == ServingMode.OUTPUT
                || group.stream().anyMatch(ClassifyJob::explain);
        String mode = first.mode().wireName();
        DistributionSummary.builder("ensemble_inference_batch_texts")
                .description("Texts scored together in one group (one forward pass per adapter, or one merged)")
                .tags("mode", mode).publishPercentiles(0.5, 0.99).register(metrics).record(texts.size());
        Timer.Sample timing = Timer.start(metrics);
        TaskScores scores = ensemble.score(first.task(), texts, first.mode(), contributions);
        timing.stop(metrics.timer("ensemble_inference_forward_seconds", "mode", mode));
        int from = 0;
        for (ClassifyJob job : group) {
            int to = from + job.size();
            job.complete(Classification.of(job.task(), ensemble.version(), job.mode(), ensemble.labels(job.task()),
                    scores, from, to, job.explain()));
            from = to;
        }
        metrics.counter("ensemble_inference_texts_total", "task", first.task(), "mode", mode).increment(texts.size());
    }
}
