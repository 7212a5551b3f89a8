package org.affinityensemble.cluster.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.affinityensemble.cluster.entity.GroupingVersion;
import org.affinityensemble.quarkus.ProjectionVersionKey;

@ApplicationScoped
public class GroupingVersionRepository implements PanacheRepositoryBase<GroupingVersion, ProjectionVersionKey> {

    public Uni<GroupingVersion> latest(String projectionId) {
        return find("projectionId = ?1 order by version desc", projectionId).firstResult();
    }

    /** The highest version of any projection, 0 when there is none. */
    public Uni<Long> highestVersion() {
        return find("order by version desc").firstResult().map(v -> v == null ? 0L : v.version);
    }

    /** The versions stored but not yet published, in version order. */
    public Uni<List<GroupingVersion>> pending() {
        return list("pendingSince is not null order by version");
    }

    public Uni<Integer> markPublished(String projectionId, long version) {
        return update("pendingSince = null where projectionId = ?1 and version = ?2", projectionId, version);
    }

    public Uni<GroupingVersion> latestOfAll() {
        return find("order by createdAt desc").firstResult();
    }
}
