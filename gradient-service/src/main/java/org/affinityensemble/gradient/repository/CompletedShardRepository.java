package org.affinityensemble.gradient.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.affinityensemble.gradient.entity.CompletedShard;

@ApplicationScoped
public class CompletedShardRepository implements PanacheRepositoryBase<CompletedShard, CompletedShard.Key> {

    public Uni<List<CompletedShard>> ofDataset(String datasetId, int revision, String projectionId) {
        return list("datasetId = ?1 and revision = ?2 and projectionId = ?3", datasetId, revision, projectionId);
    }

    public Uni<List<CompletedShard>> ofDataset(String datasetId) {
        return list("datasetId = ?1 order by revision, shard", datasetId);
    }
}
