package org.affinityensemble.cluster.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.affinityensemble.cluster.entity.GroupingVersion;

@ApplicationScoped
public class GroupingVersionRepository implements PanacheRepositoryBase<GroupingVersion, GroupingVersion.Key> {

    public Uni<GroupingVersion> latest(String projectionId) {
        return find("projectionId = ?1 order by version desc", projectionId).firstResult();
    }

    public Uni<GroupingVersion> latestOfAll() {
        return find("order by createdAt desc").firstResult();
    }
}
