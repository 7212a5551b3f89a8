package org.affinityensemble.affinity.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.affinityensemble.affinity.entity.CompletedTask;

@ApplicationScoped
public class CompletedTaskRepository implements PanacheRepositoryBase<CompletedTask, CompletedTask.Key> {

    public Uni<List<CompletedTask>> ofProjection(String projectionId) {
        return list("projectionId = ?1 order by datasetId", projectionId);
    }
}
