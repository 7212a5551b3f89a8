package org.affinityensemble.affinity.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.affinityensemble.affinity.entity.SubsetEstimateRow;

@ApplicationScoped
public class SubsetEstimateRepository implements PanacheRepositoryBase<SubsetEstimateRow, SubsetEstimateRow.Key> {

    public Uni<List<SubsetEstimateRow>> ofProjection(String projectionId) {
        return list("projectionId = ?1 order by subsetKey, taskId", projectionId);
    }
}
