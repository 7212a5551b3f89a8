package org.affinityensemble.trainer.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.affinityensemble.trainer.entity.MetaAdapter;
import org.affinityensemble.trainer.repository.MetaAdapterRepository;

/** The record of this deployment's meta-initialisation θ* (written by the ledger with its run's result). */
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
}
