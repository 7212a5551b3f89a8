package org.affinityensemble.trainer.datasets;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RejectedSampleRepository implements PanacheRepositoryBase<RejectedSample, SampleKey> {

    public Uni<Long> countOf(String datasetId) {
        return count("datasetId", datasetId);
    }
}
