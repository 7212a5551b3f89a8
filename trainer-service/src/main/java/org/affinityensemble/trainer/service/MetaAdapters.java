package org.affinityensemble.trainer.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.affinityensemble.trainer.entity.MetaAdapter;
import org.affinityensemble.trainer.execution.MetaAdapterTraining;
import org.affinityensemble.trainer.repository.MetaAdapterRepository;

/** The record of this deployment's meta-initialisation θ*, each operation in its own session or transaction. */
@ApplicationScoped
public class MetaAdapters {

    @Inject
    MetaAdapterRepository repository;

    /** The θ* gradients are taken at and adapters start from, or null when there is none (yet). */
    @WithSession
    public Uni<MetaAdapter> current() {
        return repository.current();
    }

    @WithSession
    public Uni<List<MetaAdapter>> all() {
        return repository.listAll();
    }

    /** Records a stored θ*; recording the same id again (a retrain after a crash) keeps the first record. */
    @WithTransaction
    public Uni<MetaAdapter> record(MetaAdapterTraining.Result trained, int epochs, boolean frozenA) {
        return repository.findById(trained.adapterId()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            MetaAdapter meta = new MetaAdapter();
            meta.adapterId = trained.adapterId();
            meta.prefix = trained.prefix();
            meta.datasets = trained.datasets();
            meta.trainExamples = trained.trainExamples();
            meta.metrics = trained.metrics();
            meta.epochs = epochs;
            meta.frozenA = frozenA;
            meta.createdAt = Instant.now();
            return repository.persist(meta);
        });
    }
}
