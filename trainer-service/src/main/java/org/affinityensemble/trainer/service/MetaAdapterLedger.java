package org.affinityensemble.trainer.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.trainer.config.TrainingSettings;
import org.affinityensemble.trainer.datasets.Dataset;
import org.affinityensemble.trainer.entity.MetaAdapter;
import org.affinityensemble.trainer.entity.TrainingRun;
import org.affinityensemble.trainer.repository.MetaAdapterRepository;
import org.affinityensemble.training.run.MetaRetrainPolicy;

/**
 * The meta-initialisations θ* of this deployment in PostgreSQL (written with their run's result), and the one
 * answer to where gradients are taken and runs start.
 */
@ApplicationScoped
public class MetaAdapterLedger {

    @Inject
    MetaAdapterRepository repository;

    @Inject
    TrainingSettings settings;

    /**
     * Where gradients are taken and runs start: θ*, or null at the LoRA initialisation (no meta-initialisation
     * configured, or none recorded yet).
     */
    @WithSession
    public Uni<StartAdapter> start() {
        return settings.metaInitialised() ? current().map(meta -> meta == null ? null : meta.start())
                : Uni.createFrom().nullItem();
    }

    /** The newest θ*, or null when there is none (yet). */
    @WithSession
    public Uni<MetaAdapter> current() {
        return repository.current();
    }

    @WithSession
    public Uni<List<MetaAdapter>> all() {
        return repository.listAll();
    }

    /** θ* trained: gradients are taken at it and adapters start from it from now on (recorded once). */
    @WithTransaction
    public Uni<Void> register(TrainingRun run, TrainingResult result) {
        return repository.findById(run.adapterId).flatMap(existing -> existing != null ? Uni.createFrom().voidItem()
                : repository.persist(of(run, result, settings.metaInitEpochs(), settings.metaInitFreezeA(),
                        Instant.now())).replaceWithVoid());
    }

    /**
     * What {@code meta} has not seen of the {@code ready} datasets (a dataset, or a revision of one, it was not
     * trained on), by training examples, and whether {@code policy} trains θ* again (ADR 0110).
     */
    public static MetaRetrainPolicy.Decision unseen(MetaRetrainPolicy policy, List<Dataset> ready, MetaAdapter meta) {
        Map<String, Long> examples = new LinkedHashMap<>();
        for (Dataset dataset : ready) {
            examples.put(dataset.id + "@" + dataset.revision, dataset.trainCount);
        }
        return policy.decide(examples, Set.copyOf(meta.datasets));
    }

    /** The record of a successful θ* run (not persisted). */
    static MetaAdapter of(TrainingRun run, TrainingResult result, int epochs, boolean frozenA, Instant now) {
        MetaAdapter meta = new MetaAdapter();
        meta.adapterId = run.adapterId;
        meta.prefix = AdapterLedger.prefixOf(run, result);
        meta.datasets = List.of(run.membershipKey.split(","));
        meta.trainExamples = result.metrics().getOrDefault("train_examples", 0.0).longValue();
        meta.metrics = result.metrics();
        meta.epochs = epochs;
        meta.frozenA = frozenA;
        meta.runId = run.runId;
        meta.createdAt = now;
        return meta;
    }
}
