package org.affinityensemble.affinity.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.affinityensemble.affinity.entity.AffinityVersion;
import org.affinityensemble.quarkus.ProjectionVersionKey;

@ApplicationScoped
public class AffinityVersionRepository implements PanacheRepositoryBase<AffinityVersion, ProjectionVersionKey> {

    public Uni<AffinityVersion> latest(String projectionId) {
        return find("projectionId = ?1 order by version desc", projectionId).firstResult();
    }

    public Uni<AffinityVersion> latestOfAll() {
        return find("order by createdAt desc").firstResult();
    }
}
