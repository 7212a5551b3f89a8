package org.affinityensemble.trainer.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.affinityensemble.events.GradientRequest;
import org.affinityensemble.events.PromptSpec;
import org.affinityensemble.events.Split;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.events.TrainingSchedule;
import org.affinityensemble.quarkus.KeyedMessages;
import org.affinityensemble.quarkus.Traces;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.trainer.config.DatasetsConfig;
import org.affinityensemble.trainer.config.TrainingSettings;
import org.affinityensemble.trainer.datasets.Dataset;
import org.affinityensemble.trainer.datasets.DatasetMaterialized;
import org.affinityensemble.trainer.datasets.DatasetRegistry;
import org.affinityensemble.trainer.entity.MetaAdapter;
import org.affinityensemble.trainer.entity.TrainingRun;
import org.affinityensemble.trainer.execution.TrainingExecutor;
import org.affinityensemble.training.run.MetaAdapterRun;
import org.affinityensemble.training.run.MetaRetrainPolicy;
import org.affinityensemble.training.run.StoredExample;
import org.affinityensemble.training.run.StoredSplits;
import org.affinityensemble.training.run.TaskSource;
import org.affinityensemble.training.run.TrainingRunSpec;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Sends every ready dataset's gradient requests once per revision and start point, on one thread of its own. The
 * start point is the LoRA initialisation, or with {@code ensemble.trainer.meta-init.epochs} above 0 (the default)
 * the meta-initialisation θ*: requests are held until {@code meta-init.min-datasets} datasets are ready, θ* is
 * trained on all of them as a training run, and once its result is recorded every ready dataset's requests name
 * it. Once θ* has not seen {@code meta-init.retrain-share} of the ready datasets' training examples, a new θ* is
 * trained on all of them (ADR 0110); requests go out at the current one until the new one is recorded, and then
 * again at the new one. Each pass reads the registry, so it is idempotent and repairs what a crash left: it runs when a dataset
 * becomes ready, when a training result is recorded, and after a start.
 */
@ApplicationScoped
public class GradientDispatcher {

    private static final Logger LOG = Logger.getLogger(GradientDispatcher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofMinutes(2);

    @Inject
    DatasetRegistry registry;

    @Inject
    MetaAdapterLedger metaAdapters;

    @Inject
    TrainingSettings settings;

    @Inject
    DatasetsConfig config;

    @Inject
    ObjectStore store;

    @Inject
    RunLedger runs;

    @Inject
    TrainingExecutor executor;

    @Inject
    Traces traces;

    @Inject
    @Channel("gradient-requests")
    MutinyEmitter<String> gradientRequests;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gradient-dispatch");
        thread.setDaemon(true);
        return thread;
    });

    /** Asks for a pass (asynchronously, in order with every other request). */
    public void schedule() {
        schedule(false);
    }

    /** A dataset became ready: its requests go out (or θ* may now have the datasets it waits for). */
    void onMaterialized(@Observes DatasetMaterialized materialized) {
        schedule();
    }

    /** The pass after a start, which also tries a failed meta-initialisation again. */
    public void scheduleAfterStart() {
        schedule(true);
    }

    private void schedule(boolean retryFailed) {
        worker.submit(() -> {
            try {
                dispatch(retryFailed);
            } catch (RuntimeException e) {
                LOG.error("sending gradient requests failed; retried when the next dataset is ready or on restart", e);
            }
        });
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    void dispatch(boolean retryFailed) {
        List<Dataset> ready = Awaited.await(registry::readyDatasets);
        StartAdapter start = null;
        if (settings.metaInitialised()) {
            MetaAdapter meta = Awaited.await(metaAdapters::current);
            if (meta == null) {
                if (ready.size() < settings.metaInitMinDatasets()) {
                    LOG.infof("gradient requests held: %d of the %d datasets the meta-initialisation waits for are "
                            + "ready", ready.size(), settings.metaInitMinDatasets());
                    return;
                }
                requestMetaAdapter(ready, retryFailed);
                return;
            }
            start = settings.affinityStart(meta.start());
            MetaRetrainPolicy.Decision unseen = MetaAdapterLedger.unseen(settings.metaRetrainPolicy(), ready, meta);
            if (unseen.retrain()) {
                // The new θ* trains on every ready dataset; until it is recorded, requests go out at this one.
                LOG.infof("%s has not seen %d of the %d ready datasets' training examples (%.0f %% >= %.0f %%)",
                        meta.adapterId, unseen.unseenExamples(), unseen.allExamples(), 100 * unseen.unseenShare(),
                        100 * settings.metaRetrainPolicy().share());
                requestMetaAdapter(ready, retryFailed);
            }
        }
        for (Dataset dataset : ready) {
            String marker = "r" + dataset.revision + "@" + (start == null ? "init" : start.adapterId());
            if (marker.equals(dataset.gradientsRequested)) {
                continue;
            }
            try (Traces.Continued trace = traces.resume(dataset.traceParent, "gradient requests " + dataset.id)) {
                List<GradientRequest> shards = shards(dataset, start);
                List<Uni<Void>> sends = new ArrayList<>();
                for (GradientRequest shard : shards) {
                    sends.add(gradientRequests.sendMessage(KeyedMessages.of(shard.key(), shard)));
                }
                Uni.join().all(sends).andFailFast().await().atMost(SEND_TIMEOUT);
                Awaited.await(() -> registry.markGradientsRequested(dataset.id, dataset.revision, marker));
                LOG.infof("gradient requests of %s r%d sent: %d shards, at %s", dataset.id, dataset.revision,
                        shards.size(), start == null ? "the LoRA initialisation" : start.adapterId());
            }
        }
    }

    /**
     * Asks for θ* on every ready dataset: claims its training run and starts it on the training executor (in
     * process, or as a Job on the GPU node pool), unless a θ* run is unfinished. Its result arrives like any run's;
     * recording it schedules the next pass, which sends the held requests. A θ* run that failed for good is tried
     * again after a restart, or as a new run once another dataset is ready.
     */
    private void requestMetaAdapter(List<Dataset> ready, boolean retryFailed) {
        TrainingRunSpec spec = MetaAdapterRun.spec(ready.stream().map(Dataset::source).toList(), settings.model(),
                settings.lora(), settings.metaInitialisation());
        // The spec is stored before the run is claimed, never after: a trainer killed (or an object store away)
        // between the two would otherwise leave a claimed run that every attempt fails for want of its spec, and
        // θ* blocked until a restart. The spec is a function of its run id, so storing it again is harmless.
        store.put(TrainingRunSpec.key(spec.runId()), spec.toJson(), "application/json");
        TrainingRun run = Awaited.await(() -> runs.claimMetaRun(spec, retryFailed));
        if (run == null) {
            LOG.infof("the meta-initialisation is training or failed (GET /v1/training/start)");
            return;
        }
        LOG.infof("training the meta-initialisation %s on %d datasets for %d epochs (attempt %d)", spec.runId(),
                ready.size(), spec.training().epochs(), run.attempt);
        executor.start(spec.runId(), spec.groupId(), run.attempt);
    }

    private List<GradientRequest> shards(Dataset dataset, StartAdapter start) {
        TaskSource source = dataset.source();
        StoredSplits splits = new StoredSplits(store);
        List<GradientRequest.Item> items = new ArrayList<>();
        for (Split split : List.of(Split.TRAIN, Split.VALIDATION)) {
            for (StoredExample example : splits.read(source, split == Split.TRAIN ? source.trainKey()
                    : source.validationKey())) {
                items.add(new GradientRequest.Item(example.sampleId(), split, example.example().text(),
                        example.example().label()));
            }
        }
        return shards(dataset.id, dataset.revision, dataset.labels, dataset.prompt, items, config.shardSize(),
                config.shardMaxBytes(), start, settings.schedule(start));
    }

    /** Train and validation items in shards of at most {@code shardSize} items and {@code shardMaxBytes} of text. */
    static List<GradientRequest> shards(String datasetId, int revision, List<String> labels, PromptSpec prompt,
            List<GradientRequest.Item> items, int shardSize, int shardMaxBytes, StartAdapter start,
            TrainingSchedule schedule) {
        List<List<GradientRequest.Item>> chunks = new ArrayList<>();
        List<GradientRequest.Item> current = new ArrayList<>();
        int bytes = 0;
        for (GradientRequest.Item item : items) {
            int size = item.text().getBytes(StandardCharsets.UTF_8).length + item.sampleId().length() + 64;
            if (!current.isEmpty() && (current.size() >= shardSize || bytes + size > shardMaxBytes)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(item);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        List<GradientRequest> shards = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            shards.add(new GradientRequest(datasetId, revision, i, chunks.size(), labels, chunks.get(i), start, schedule,
                    prompt));
        }
        return shards;
    }
}
