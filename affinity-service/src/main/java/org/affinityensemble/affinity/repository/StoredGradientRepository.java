package org.affinityensemble.affinity.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.affinityensemble.affinity.entity.StoredGradient;

@ApplicationScoped
public class StoredGradientRepository implements PanacheRepositoryBase<StoredGradient, StoredGradient.Key> {

    public Uni<Long> countOf(String projectionId, String datasetId, int revision) {
        return count("projectionId = ?1 and datasetId = ?2 and revision = ?3", projectionId, datasetId, revision);
    }

    public Uni<List<String>> storedIds(String projectionId, String datasetId, int revision, List<String> sampleIds) {
        return find("select g.sampleId from StoredGradient g where g.projectionId = ?1 and g.datasetId = ?2 "
                + "and g.revision = ?3 and g.sampleId in ?4", projectionId, datasetId, revision, sampleIds)
                .project(String.class).list();
    }
}
