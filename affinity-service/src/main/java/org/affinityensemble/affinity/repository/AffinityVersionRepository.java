package org.affinityensemble.affinity.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.affinityensemble.affinity.entity.AffinityVersion;
import org.affinityensemble.quarkus.ProjectionVersionKey;

@ApplicationScoped
public class AffinityVersionRepository implements PanacheRepositoryBase<AffinityVersion, ProjectionVersionKey> {

    public Uni<AffinityVersion> latest(String projectionId) {
        return find("projectionId = ?1 order by version desc", projectionId).firstResult();
    }

    /** The versions stored but not yet published, in version order. */
    public Uni<List<AffinityVersion>> pending() {
        return list("pendingSince is not null order by version, projectionId");
    }

    public Uni<Integer> markPublished(String projectionId, long version) {
        return update("pendingSince = null where projectionId = ?1 and version = ?2", projectionId, version);
    }

    public Uni<AffinityVersion> latestOfAll() {
        return find("order by createdAt desc").firstResult();
    }
}
