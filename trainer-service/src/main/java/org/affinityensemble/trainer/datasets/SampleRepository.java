package org.affinityensemble.trainer.datasets;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class SampleRepository implements PanacheRepositoryBase<Sample, SampleKey> {

    public Uni<List<Sample>> ofDataset(String datasetId) {
        return list("datasetId = ?1 order by sampleId", datasetId);
    }

    public Uni<Long> countOf(String datasetId) {
        return count("datasetId", datasetId);
    }
}
