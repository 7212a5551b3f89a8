package org.affinityensemble.trainer.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.affinityensemble.trainer.entity.RejectedSample;
import org.affinityensemble.trainer.entity.SampleKey;

@ApplicationScoped
public class RejectedSampleRepository implements PanacheRepositoryBase<RejectedSample, SampleKey> {

    public Uni<Long> countOf(String datasetId) {
        return count("datasetId", datasetId);
    }
}
