package org.affinityensemble.trainer.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.trainer.ensemble.TrainingSettings;
import org.affinityensemble.trainer.entity.MetaAdapter;
import org.affinityensemble.trainer.repository.MetaAdapterRepository;

/** The record of this deployment's meta-initialisation θ* (written by the ledger with its run's result). */
@ApplicationScoped
public class MetaAdapters {

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

    /** The θ* gradients are taken at and adapters start from, or null when there is none (yet). */
    @WithSession
    public Uni<MetaAdapter> current() {
        return repository.current();
    }

    @WithSession
    public Uni<List<MetaAdapter>> all() {
        return repository.listAll();
    }
}
