package org.affinityensemble.inference.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.affinityensemble.events.EnsemblePublished;
import org.affinityensemble.inference.config.InferenceSettings;
import org.affinityensemble.inference.repository.EnsembleObjects;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.probe.LinearProbe;
import org.affinityensemble.quarkus.Retries;
import org.affinityensemble.quarkus.Traces;
import org.affinityensemble.serving.BaseProjectionWeights;
import org.affinityensemble.serving.EnsembleSlot;
import org.affinityensemble.serving.LoadedEnsemble;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.StorageLayout;
import org.jboss.logging.Logger;

/**
 * Keeps the newest published ensemble serving. Published versions are coalesced (only the newest waiting one is
 * loaded), loaded on one background thread from the object store, verified with a probe forward pass, and then
 * swapped in atomically; requests in flight finish on the version they started with. A failed load leaves the
 * serving version in place, is reported (here, in {@code GET /v1/models}, the metrics and the log) and is tried again
 * with back-off (from {@code ensemble.inference.load-retry}, doubling up to a minute) until it or a newer version
 * loads. At start-up the newest manifest in the object store is loaded too, so that an instance started after the
 * ensembles topic expired serves (ADR 0101).
 */
@ApplicationScoped
public class EnsembleManager {

    private static final Logger LOG = Logger.getLogger(EnsembleManager.class);
    private static final String PROBE_TEXT = "A short probe sentence.";
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(1);

    @Inject
    LanguageModel model;

    @Inject
    EnsembleObjects objects;

    @Inject
    InferenceSettings settings;

    @Inject
    MeterRegistry metrics;

    @Inject
    Traces traces;

    private final EnsembleSlot slot = new EnsembleSlot();
    private final Map<Long, String> traceOf = new ConcurrentHashMap<>();
    private final VersionCoalescer<EnsemblePublished> coalescer =
            new VersionCoalescer<>(EnsemblePublished::ensembleVersion);
    private ScheduledExecutorService loader;
    private BaseProjectionWeights baseWeights;
    private volatile LoadError lastError;
    private final Map<Long, Integer> failedAttempts = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        loader = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ensemble-loader");
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("ensemble_inference_ensemble_version", slot,
                s -> s.peek().map(e -> (double) e.version()).orElse(Double.NaN))
                .description("The ensemble version serving (NaN: none yet)").register(metrics);
        Gauge.builder("ensemble_inference_load_error", this, m -> m.lastError == null ? 0 : 1)
                .description("1 while the newest load attempt failed and an older version (or none) serves")
                .register(metrics);
        Gauge.builder("ensemble_inference_retired_in_use", slot, EnsembleSlot::retiredInUse)
                .description("Replaced ensemble versions still held by requests in flight").register(metrics);
    }

    void onStart(@Observes StartupEvent event) {
        loader.execute(() -> scanStore(1));
    }

    /**
     * Offers the newest ensemble version stored for this base model, as if it had been published (the cold start of an
     * instance that finds the topic expired); returns that version, or -1 when none is stored. Older than what serves
     * or waits, it is skipped.
     */
    public long scanStore() {
        long newest = StorageLayout.newestEnsembleVersion(model.modelId(),
                objects.keys(StorageLayout.ensemblesOf(model.modelId())));
        if (newest < 0) {
            return -1;
        }
        String key = StorageLayout.ensembleManifest(model.modelId(), newest);
        EnsembleManifest manifest = objects.manifest(key);
        LOG.infof("ensemble v%d found in the object store at start-up", newest);
        published(new EnsemblePublished(newest, manifest.baseModelId(), objects.bucket(), key,
                manifest.groupingVersion(), manifest.adapters().stream().map(EnsembleManifest.AdapterEntry::adapterId)
                        .toList()), null);
        return newest;
    }

    private void scanStore(int attempt) {
        try {
            scanStore();
        } catch (RuntimeException e) {
            Duration delay = backOff(attempt);
            LOG.warnf("the object store could not be scanned for ensembles (%s); again in %s", e.getMessage(), delay);
            loader.schedule(() -> scanStore(attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Duration backOff(int attempt) {
        return Retries.doubling(settings.loadRetry(), attempt - 1, LONGEST_RETRY);
    }

    @PreDestroy
    void stop() {
        loader.shutdownNow();
        slot.clear();
    }

    /**
     * An {@code ensemble.published} event: schedules its load unless a newer version serves or waits; the load
     * continues the event's trace ({@code traceParent}, null for none).
     */
    public void published(EnsemblePublished event, String traceParent) {
        if (traceParent != null) {
            traceOf.put(event.ensembleVersion(), traceParent);
        }
        if (coalescer.offer(event)) {
            loader.schedule(this::loadWaiting, settings.loadDelay().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            metrics.counter("ensemble_inference_loads_total", "outcome", "skipped").increment();
            LOG.debugf("ensemble v%d skipped: a version at least as new serves or waits", event.ensembleVersion());
        }
    }

    /** A lease on the serving ensemble, or empty before the first version has loaded. */
    public Optional<EnsembleSlot.Lease> acquire() {
        return slot.acquire();
    }

    /** The serving ensemble (for reading its manifest; take a lease to run it). */
    public Optional<LoadedEnsemble> serving() {
        return slot.peek();
    }

    /** The error of the newest failed load, unless a newer version loaded since. */
    public Optional<LoadError> lastError() {
        return Optional.ofNullable(lastError);
    }

    public String baseModelId() {
        return model.modelId();
    }

    /** The base model's Hugging Face architecture ({@code BertModel}, {@code LlamaForCausalLM}, …). */
    public String baseArchitecture() {
        return model.architecture();
    }

    private void loadWaiting() {
        Optional<EnsemblePublished> next;
        while ((next = coalescer.next()).isPresent()) {
            load(next.get());
        }
    }

    private void load(EnsemblePublished event) {
        Timer.Sample timing = Timer.start(metrics);
        try (Traces.Continued trace = traces.resume(traceOf.remove(event.ensembleVersion()),
                "load ensemble v" + event.ensembleVersion())) {
            LoadedEnsemble ensemble = assemble(event);
            slot.swap(ensemble);
            coalescer.loaded(event);
            failedAttempts.clear();
            LoadError error = lastError;
            if (error != null && error.version() <= event.ensembleVersion()) {
                lastError = null;
            }
            metrics.counter("ensemble_inference_loads_total", "outcome", "loaded").increment();
            LOG.infof("ensemble v%d serving: %d adapters, %d tasks", event.ensembleVersion(),
                    ensemble.manifest().adapters().size(), ensemble.manifest().tasks().size());
        } catch (Exception | LinkageError e) {
            coalescer.failed(event);
            lastError = new LoadError(event.ensembleVersion(), String.valueOf(e.getMessage()), Instant.now());
            metrics.counter("ensemble_inference_loads_total", "outcome", "failed").increment();
            int attempt = failedAttempts.merge(event.ensembleVersion(), 1, Integer::sum);
            Duration delay = backOff(attempt);
            LOG.errorf(e, "ensemble v%d could not be loaded (attempt %d, again in %s unless a newer version loads); %s",
                    event.ensembleVersion(), attempt, delay, slot.peek()
                    .map(s -> "v" + s.version() + " keeps serving").orElse("nothing is serving"));
            loader.schedule(() -> retry(event), delay.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            timing.stop(metrics.timer("ensemble_inference_load_seconds"));
        }
    }

    /** Loads a version that failed again, unless a newer one serves, loads or waits. */
    private void retry(EnsemblePublished event) {
        if (coalescer.offer(event)) {
            loadWaiting();
        } else {
            failedAttempts.remove(event.ensembleVersion());
        }
    }

    private LoadedEnsemble assemble(EnsemblePublished event) throws Exception {
        if (event.bucket() != null && !event.bucket().isBlank() && !event.bucket().equals(objects.bucket())) {
            throw new IllegalArgumentException("ensemble v" + event.ensembleVersion() + " is stored in bucket "
                    + event.bucket() + ", this service reads bucket " + objects.bucket());
        }
        if (!event.baseModelId().equals(model.modelId())) {
            throw new IllegalArgumentException("ensemble v" + event.ensembleVersion() + " belongs to base model "
                    + event.baseModelId() + ", this service runs " + model.modelId());
        }
        EnsembleManifest manifest = objects.manifest(event.manifestKey());
        if (manifest.ensembleVersion() != event.ensembleVersion()) {
            throw new IllegalArgumentException("manifest " + event.manifestKey() + " describes version "
                    + manifest.ensembleVersion() + ", the event announced " + event.ensembleVersion());
        }
        Map<String, LoraAdapter> adapters = new LinkedHashMap<>();
        for (EnsembleManifest.AdapterEntry entry : manifest.adapters()) {
            adapters.put(entry.adapterId(), objects.adapter(entry, model));
        }
        if (baseWeights == null) {
            baseWeights = BaseProjectionWeights.of(model);
        }
        Map<String, LinearProbe> probes = new LinkedHashMap<>();
        for (Map.Entry<String, EnsembleManifest.TaskEntry> task : manifest.tasks().entrySet()) {
            if (task.getValue().probe() != null) {
                probes.put(task.getKey(), objects.probe(manifest, task.getKey()));
            }
        }
        LoadedEnsemble ensemble = LoadedEnsemble.assemble(model, baseWeights, manifest, adapters, probes,
                settings.batch().maxTexts());
        try {
            ensemble.verify(PROBE_TEXT);
        } catch (RuntimeException e) {
            ensemble.release();
            throw e;
        }
        return ensemble;
    }
}
