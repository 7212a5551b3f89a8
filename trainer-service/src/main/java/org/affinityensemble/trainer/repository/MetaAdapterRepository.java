package org.affinityensemble.trainer.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.affinityensemble.trainer.entity.MetaAdapter;

/** The meta-initialisation of this deployment, if it has one. */
@ApplicationScoped
public class MetaAdapterRepository implements PanacheRepositoryBase<MetaAdapter, String> {

    /** The newest θ*, or null. */
    public Uni<MetaAdapter> current() {
        return findAll(Sort.descending("createdAt")).firstResult();
    }
}
